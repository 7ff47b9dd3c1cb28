"""The event stage on sentences written for these tests, and events in the store."""

from __future__ import annotations

from datetime import datetime

import rasid
from rasid.model import Event
from rasid.store import Store


def _events(text: str, published: datetime | None = None) -> list[Event]:
    document = rasid.analyze(text, published=published)
    found = list(document.records(Event))
    for event in found:
        assert document.text[event.trigger_start : event.trigger_end] == event.trigger
        assert document.text[event.start : event.end] == event.sentence
    return found


def _names(participants: tuple[rasid.Participant, ...]) -> list[str]:
    return [p.name_en for p in participants]


def test_shelling_with_actor_place_and_date() -> None:
    [event] = _events(
        "خبر\nقصفت قوات النظام بلدة كفرنبل في ريف إدلب يوم أمس.", datetime(2020, 3, 10)
    )
    assert (event.type, event.mode) == ("ASSAULT", "shelling")
    assert _names(event.actors) == ["Syrian government forces"]
    assert event.location == "Kafranbel" and event.lat is not None
    assert (event.date, event.date_defaulted, event.modality) == ("2020-03-09", False, "asserted")


def test_joint_patrol_suspended_is_cooperation_with_that_modality() -> None:
    [event] = _events("خبر\nعلقت روسيا وتركيا الدوريات المشتركة على طريق M4.")
    assert (event.type, event.mode, event.modality) == ("COOPERATE", "military", "suspended")
    assert sorted(_names(event.actors)) == ["Russia", "Turkey"]


def test_planned_and_negated_events() -> None:
    [planned] = _events("خبر\nوستواصل تركيا تعزيز نقاطها العسكرية في إدلب.")
    assert (planned.type, planned.modality) == ("MOBILIZE", "planned")
    [negated] = _events("خبر\nلم تسحب تركيا قواتها من إدلب.")
    assert (negated.type, negated.modality) == ("RETREAT", "negated")


def test_an_event_in_a_quote_is_reported_by_its_speaker() -> None:
    found = _events(
        "خبر\nوقال وزير الخارجية الروسي سيرغي لافروف: «إن روسيا وتركيا اتفقتا على هدنة في إدلب»."
    )
    agreement = next(e for e in found if e.type == "AGREE")
    assert agreement.modality == "reported" and agreement.source == "Sergey Lavrov"


def test_without_a_date_the_publication_date_is_used_and_flagged() -> None:
    [event] = _events("خبر\nاعتقلت الشرطة التركية عشرة أشخاص في أنقرة.", datetime(2020, 3, 5))
    assert (event.type, event.mode) == ("COERCE", "arrest")
    assert (event.date, event.date_defaulted) == ("2020-03-05", True)


def test_a_trigger_with_no_one_named_is_no_event() -> None:
    assert _events("خبر\nويستمر التنسيق في المنطقة.") == []


def test_events_are_stored_and_read_back(store: Store) -> None:
    document = rasid.analyze(
        "خبر\nعلقت روسيا وتركيا الدوريات المشتركة على طريق M4.", external_id="e/1"
    )
    store.put([document])
    assert store.get("e/1").document.records(Event) == document.records(Event)
