// Tooltips for marked-up article text: the English gloss of a name, a quote's
// speaker, a date's value. Text is set with textContent, never as HTML.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  if (!tip) { return; }
  function show(target) {
    var text = target.getAttribute("data-tip");
    if (!text) { return; }
    tip.textContent = text;
    tip.hidden = false;
    var box = target.getBoundingClientRect();
    var top = window.scrollY + box.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
  }
  function hide() { tip.hidden = true; }
  document.addEventListener("mouseover", function (event) {
    var target = event.target.closest ? event.target.closest("[data-tip]") : null;
    if (target) { show(target); } else { hide(); }
  });
  document.addEventListener("focusin", function (event) {
    var target = event.target.closest ? event.target.closest("[data-tip]") : null;
    if (target) { show(target); }
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
})();
