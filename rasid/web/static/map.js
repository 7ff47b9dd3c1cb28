// The map page: country outlines shipped with rasid as the base layer (no tile
// server), events as coloured points, places as grey circles sized by mentions.
// Everything shown from the data is set as text, never parsed as HTML.
(function () {
  "use strict";
  var box = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { worldCopyJump: true, attributionControl: true }).setView([33.5, 38.5], 5);
  map.attributionControl.setPrefix("");
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  var colours = { ASSAULT: "#c0392b", COERCE: "#d35400", PROTEST: "#8e44ad", MOBILIZE: "#2c3e50",
    THREATEN: "#e67e22", SANCTION: "#7f8c8d", AID: "#27ae60", COOPERATE: "#16a085",
    AGREE: "#2980b9", CONSULT: "#3498db", RETREAT: "#95a5a6", REQUEST: "#f1c40f",
    ACCUSE: "#e74c3c", REJECT: "#9b59b6", SUPPORT: "#1abc9c", CONCEDE: "#34495e" };

  function line(parent, label, value) {
    if (!value) { return; }
    var row = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = label + ": ";
    row.appendChild(strong);
    row.appendChild(document.createTextNode(value));
    parent.appendChild(row);
  }
  function names(list) {
    return (list || []).map(function (p) { return p.name_en; }).join(", ");
  }
  function eventPopup(p) {
    var node = document.createElement("div");
    node.className = "popup";
    line(node, "type", p.type + (p.mode ? " · " + p.mode : ""));
    line(node, "actors", names(p.actors));
    line(node, "targets", names(p.targets));
    line(node, "where", p.location);
    line(node, "date", p.date + (p.date_defaulted ? " (publication date)" : ""));
    line(node, "modality", p.modality !== "asserted" ? p.modality : "");
    var link = document.createElement("a");
    link.href = "/articles/" + encodeURIComponent(p.article_id);
    link.textContent = p.title || p.article_id;
    link.dir = "auto";
    node.appendChild(link);
    return node;
  }
  function placePopup(p) {
    var node = document.createElement("div");
    node.className = "popup";
    var link = document.createElement("a");
    link.href = "/entities/" + p.kb_id;
    link.textContent = p.name_en + " — " + p.text;
    node.appendChild(link);
    line(node, "mentions", String(p.mentions));
    return node;
  }
  fetch("/static/countries.geojson").then(function (r) { return r.json(); }).then(function (outlines) {
    L.geoJSON(outlines, { style: { color: "#8a8f98", weight: 0.8, fillColor: "#eef0f2", fillOpacity: 1 } }).addTo(map);
  });
  fetch(box.getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (data) {
    var places = L.layerGroup();
    L.geoJSON(data.places, {
      pointToLayer: function (feature, at) {
        var radius = 3 + Math.min(12, Math.sqrt(feature.properties.mentions) * 2);
        return L.circleMarker(at, { radius: radius, color: "#555", weight: 1, fillColor: "#999", fillOpacity: 0.35 });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(placePopup(feature.properties)); }
    }).addTo(places);
    var events = L.layerGroup();
    var count = 0;
    L.geoJSON(data.events, {
      pointToLayer: function (feature, at) {
        count += 1;
        return L.circleMarker(at, { radius: 6, color: "#fff", weight: 1,
          fillColor: colours[feature.properties.type] || "#333", fillOpacity: 0.9, className: "event-point" });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(eventPopup(feature.properties)); }
    }).addTo(events);
    places.addTo(map);
    events.addTo(map);
    L.control.layers(null, { "places · أماكن": places, "events · أحداث": events }).addTo(map);
    var shown = count ? events : places;
    var bounds = L.featureGroup(shown.getLayers()).getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.1), { maxZoom: 8, animate: false }); }
    status.textContent = count + " events · أحداث، " + data.places.features.length + " places · أماكن";
    box.setAttribute("data-loaded", "true");
  }).catch(function (error) { status.textContent = "map data could not be loaded: " + error; });
})();
