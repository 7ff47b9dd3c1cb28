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


def test_a_happening_told_again_with_the_article_is_logged_once() -> None:
    found = _events(
        "خبر\nاعتصم الأهالي على طريق M4 قرب سراقب.\nوقال مراسل إن الاعتصام استمر حتى المساء."
    )
    assert [(e.type, e.trigger) for e in found] == [("PROTEST", "اعتصم")]


def test_an_event_only_named_is_no_event() -> None:
    assert _events("خبر\nقال أحد منظمي الاعتصام إن الأهالي غاضبون.") == []
    assert _events("خبر\nويأمل السكان في التوصل إلى اتفاق بين روسيا وتركيا.") == []
    assert _events("خبر\nولم تعلّق الحكومة على الحادثة.") == []


def test_the_speaker_of_a_reported_clause_is_not_its_actor() -> None:
    [event] = _events("خبر\nوقالت وزارة الدفاع التركية، في بيان، إن روسيا قصفت بلدة كفرنبل.")
    assert _names(event.actors) == ["Russia"] and event.location == "Kafranbel"


def test_the_two_sides_are_the_parties_of_the_last_joint_act() -> None:
    found = _events(
        "خبر\nاجتمع وزيرا خارجية روسيا وتركيا في أنقرة.\nوقالت مصادر إن الجانبين اتفقا على هدنة."
    )
    agreement = next(e for e in found if e.type == "AGREE")
    assert sorted(_names(agreement.actors + agreement.targets)) == ["Russia", "Turkey"]


def test_after_a_verb_the_subject_acts_and_the_object_is_the_target() -> None:
    found = _events("خبر\nودعا الاتحاد الأوروبي روسيا إلى وقف القصف.")
    [request] = [e for e in found if e.type == "REQUEST"]
    assert (_names(request.actors), _names(request.targets)) == (["European Union"], ["Russia"])
    assert request.location is None  # a call is made nowhere in particular


def test_the_subject_of_the_first_clause_goes_on_acting() -> None:
    [event] = _events("خبر\nواصلت قوات النظام خروقاتها في ريف إدلب، إذ قصفت أمس بلدة كفرنبل.")
    assert _names(event.actors) == ["Syrian government forces"]
    assert event.location == "Kafranbel"  # the town, not the governorate around it


def test_a_place_the_knowledge_base_lacks_is_kept_after_a_place_noun() -> None:
    [event] = _events("خبر\nقصفت قوات النظام بلدة النيرب.")
    assert event.location_text == "النيرب" and event.lat is None


def test_the_means_named_late_in_the_sentence_is_the_same_attack() -> None:
    [event] = _events("خبر\nقتل رجل في بلدة كفرنبل، مساء أمس، إثر استهدافه بالرصاص.")
    assert (event.type, event.mode) == ("ASSAULT", "firearms")


def test_a_sentence_opening_with_its_verb_keeps_the_last_actor() -> None:
    found = _events("خبر\nقصفت قوات النظام بلدة كفرنبل في ريف إدلب.\nوقصفت أيضا بلدة النيرب.")
    assert [_names(e.actors) for e in found] == [["Syrian government forces"]] * 2


def test_whom_a_participle_calls_on_is_the_target() -> None:
    [call] = _events("خبر\nحذر فريق الإنقاذ من كارثة، داعيا المنظمات الدولية إلى التحرك.")
    assert (call.type, _names(call.targets)) == ("REQUEST", ["international organisations"])
    assert "international organisations" not in _names(call.actors)


def test_the_owner_of_what_is_hit_is_the_target() -> None:
    found = _events("خبر\nردت فصائل المعارضة، واستهدفت مواقع قوات النظام في بلدة كفرنبل.")
    [attack] = [e for e in found if e.type == "ASSAULT"]
    assert _names(attack.actors) == ["opposition factions"]
    assert _names(attack.targets) == ["Syrian government forces"]


def test_an_undated_event_takes_the_story_day_not_the_publication_day() -> None:
    found = _events(
        "خبر\nقصفت قوات النظام أمس بلدة كفرنبل.\nواعتقلت الشرطة التركية عشرة أشخاص في أنقرة.",
        datetime(2020, 3, 10),
    )
    assert [(e.date, e.date_defaulted) for e in found] == [("2020-03-09", False)] * 2
    assert "Syrian government forces" not in _names(found[1].actors)


def test_a_happening_with_no_place_of_its_own_takes_the_last_place_of_its_kind() -> None:
    found = _events(
        "خبر\nاعتصم الأهالي قرب بلدة النيرب.\nوقصفت قوات النظام مدينة إدلب."
        "\nونظم الأهالي اعتصاما جديدا."
    )
    assert [e.location_text for e in found if e.type == "PROTEST"] == ["النيرب", "النيرب"]


def test_a_future_act_is_planned_even_when_reported() -> None:
    [suspension] = _events("خبر\nوأعلن رئيس الحكومة أن لبنان سيعلّق دفع السندات.")
    assert (suspension.type, suspension.modality) == ("SANCTION", "planned")
    [summit] = _events("خبر\nويأمل السكان أن تسفر القمة المرتقبة بين روسيا وتركيا عن نتائج.")
    assert (summit.type, summit.modality) == ("CONSULT", "planned")


def test_a_call_is_reported_only_when_others_tell_of_it() -> None:
    [told] = _events("خبر\nوأضافت المصادر أن الجانب الروسي طالب تركيا بإبعاد الجماعات المسلحة.")
    assert (told.type, told.modality) == ("REQUEST", "reported")
    [made] = _events("خبر\nحذر فريق الإنقاذ من كارثة، داعيا المنظمات الدولية إلى التحرك.")
    assert made.modality == "asserted"


def test_fighting_that_flares_up_again_is_resumed() -> None:
    found = _events("خبر\nتجددت المعارك بين قوات النظام وفصائل المعارضة في ريف إدلب.")
    assert [(e.type, e.modality) for e in found] == [("ASSAULT", "resumed")]


def test_a_condition_that_goes_on_is_no_event() -> None:
    assert _events("خبر\nوتشهد بلدة كفرنبل عمليات اغتيال متكررة.") == []


def test_an_attack_named_as_a_noun_and_told_by_its_verb_is_one_attack() -> None:
    found = _events("خبر\nشهدت بلدة كفرنبل القصف الأعنف، إذ استهدفت قوات النظام البلدة بالمدفعية.")
    assert [(e.type, e.trigger) for e in found] == [("ASSAULT", "استهدفت")]
