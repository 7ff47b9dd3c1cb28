"""Stories and copies: matching, order independence in the store, B-cubed scoring."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import rasid
from rasid.evaluation.stories import bcubed
from rasid.ingest import analyze_paths
from rasid.model import Document
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.stories.cluster import Clusterer, StoryParams, cluster
from rasid.stories.profile import Profile, profile_of, signature_of, signature_similarity

DEMO = Path(__file__).resolve().parent.parent / "examples"
T0 = datetime(2020, 3, 1, 12)

STRIKE = (
    "غارات جوية على بلدة كفرنبل جنوب إدلب\n"
    "شنت طائرات حربية غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى "
    "مقتل ثلاثة مدنيين وإصابة آخرين، بحسب الدفاع المدني السوري الذي قال إن فرقه انتشلت الضحايا "
    "من تحت الأنقاض. وأضاف أن الغارات استهدفت سوقاً شعبياً ومحيط مدرسة في البلدة."
)
STRIKE_OTHER_OUTLET = (
    "مقتل ثلاثة مدنيين بغارات على كفرنبل\n"
    "قتل ثلاثة مدنيين وأصيب آخرون جراء غارات جوية استهدفت بلدة كفرنبل بريف إدلب الجنوبي، وفق "
    "الدفاع المدني السوري. وأوضح الدفاع المدني أن الغارات طالت سوقاً شعبياً قرب مدرسة."
)
OIL = (
    "أسعار النفط تتراجع مع زيادة المخزونات الأمريكية\n"
    "تراجعت أسعار النفط في تعاملات اليوم بعد أن أظهرت بيانات زيادة كبيرة في مخزونات الخام "
    "الأمريكية، وانخفض خام برنت إلى أدنى مستوى له منذ شهرين وسط مخاوف من ضعف الطلب العالمي."
)


def _document(text: str, hours: float, external_id: str, source: str = "وكالة") -> Document:
    published = (T0 + timedelta(hours=hours)).replace(tzinfo=None)
    return rasid.analyze(text, external_id=external_id, source=source, published=published)


def test_two_outlets_reporting_one_strike_are_one_story_and_oil_is_another() -> None:
    profiles = [
        profile_of(_document(STRIKE, 0, "a")),
        profile_of(_document(OIL, 1, "b")),
        profile_of(_document(STRIKE_OTHER_OUTLET, 3, "c")),
    ]
    stories = {a.article_id: a.story_id for a in cluster(profiles)}
    strike, oil, other = (p.article_id for p in profiles)
    assert stories[strike] == stories[other] == strike
    assert stories[oil] == oil


def test_a_lightly_edited_copy_is_marked_as_a_copy_of_the_earlier_article() -> None:
    original = profile_of(_document(STRIKE, 0, "a"))
    copy = profile_of(_document(STRIKE + " وتابع أن حصيلة الضحايا مرشحة للارتفاع.", 5, "b"))
    [first, second] = cluster([copy, original])
    assert (first.article_id, first.copy_of) == (original.article_id, None)
    assert second.copy_of == original.article_id
    assert second.story_id == original.article_id
    assert second.similarity is not None and second.similarity >= StoryParams().copy_threshold


def test_a_story_is_not_joined_after_its_window_has_passed() -> None:
    params = StoryParams()
    first = profile_of(_document(STRIKE, 0, "a"))
    late = profile_of(_document(STRIKE_OTHER_OUTLET, 24 * params.window_days + 1, "b"))
    [_, second] = cluster([first, late], params)
    assert second.story_id == late.article_id


def _undated(text: str, external_id: str) -> Document:
    document = rasid.analyze(text, external_id=external_id, source="موقع")
    assert document.article.published is None
    return document


COPY_OF_STRIKE = STRIKE + " وتابع أن حصيلة الضحايا مرشحة للارتفاع."


def test_an_undated_report_joins_no_dated_story_but_an_undated_copy_joins_its_original() -> None:
    dated = profile_of(_document(STRIKE, 0, "a"))
    report = profile_of(_undated(STRIKE_OTHER_OUTLET, "u"))
    copy = profile_of(_undated(COPY_OF_STRIKE, "c"))
    found = {a.article_id: a for a in cluster([report, copy, dated])}
    assert found[report.article_id].story_id == report.article_id
    assert found[copy.article_id].copy_of == dated.article_id
    assert found[copy.article_id].story_id == dated.article_id


def test_undated_reports_of_one_event_make_a_story_of_their_own() -> None:
    first, second = (
        profile_of(_undated(t, k)) for t, k in ((STRIKE, "u"), (STRIKE_OTHER_OUTLET, "v"))
    )
    oil = profile_of(_undated(OIL, "w"))
    found = {a.article_id: a.story_id for a in cluster([first, second, oil])}
    assert found[first.article_id] == found[second.article_id]
    assert found[oil.article_id] == oil.article_id


@pytest.mark.parametrize("linkage", ["average", "centroid"])
def test_stories_out_of_reach_are_those_no_score_could_bring_to_the_threshold(
    linkage: str,
) -> None:
    draw = random.Random(11)
    words = [f"w{n}" for n in range(60)]
    names = [f"kb:{n}" for n in range(12)]

    def profile(number: int) -> Profile:
        terms = draw.sample(words, draw.randint(1, 12))
        weights = [draw.random() for _ in terms]
        norm = sum(w * w for w in weights) ** 0.5
        return Profile(
            article_id=f"a{number:03d}",
            time=T0 + timedelta(minutes=number),
            terms={t: w / norm for t, w in zip(terms, weights, strict=True)},
            title=frozenset(draw.sample(words, draw.randint(0, 4))),
            entities=frozenset(draw.sample(names, draw.randint(0, 3))),
            signature=signature_of(f"text {number}"),
        )

    params = StoryParams(linkage=linkage, threshold=0.3)
    clusterer = Clusterer(params)
    reached = 0
    for number in range(300):
        mine = profile(number)
        everything = set(clusterer._stories)
        scores = {s: clusterer.score(mine, clusterer._stories[s]) for s in everything}
        within = set(clusterer._within_reach(mine))
        assert {s for s, score in scores.items() if score >= params.threshold} <= within
        reached += len(within) < len(everything)
        clusterer.add(mine)
    assert reached > 100  # the bound did leave stories out


def test_signature_similarity_estimates_shingle_overlap() -> None:
    assert signature_similarity(signature_of(STRIKE), signature_of(STRIKE)) == 1.0
    assert signature_similarity(signature_of(STRIKE), signature_of(OIL)) < 0.1


def test_clusterer_replay_gives_the_state_a_full_run_would() -> None:
    docs = [_document(t, h, str(h)) for h, t in enumerate([STRIKE, OIL, STRIKE_OTHER_OUTLET])]
    profiles: list[Profile] = [profile_of(d) for d in docs]
    full = cluster(profiles)
    resumed = Clusterer()
    resumed.replay(profiles[0], full[0].story_id)
    resumed.replay(profiles[1], full[1].story_id)
    assert resumed.add(profiles[2]) == full[2]


def test_bcubed_on_a_worked_example() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    predicted = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    scores = bcubed(predicted, gold)
    # Precision: a, b 2/3 each, c 1/3, d 1, e 1 -> 11/15; recall: a, b 1, c, d 1/2, e 1 -> 4/5.
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(0.8)
    assert (scores.gold_stories, scores.predicted_stories) == (3, 3)


@pytest.fixture(scope="module")
def demo_documents() -> list[Document]:
    found = [
        item
        for item in analyze_paths([DEMO / "corpus", DEMO / "html", DEMO / "feeds"], Options())
        if isinstance(item, Document)
    ]
    assert len(found) > 40
    return found


def _copies(store: SqlStore) -> dict[str, str | None]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT article_id, copy_of FROM article_profiles")
        return {row[0]: row[1] for row in rows}


def _stories(store: SqlStore) -> dict[str, str]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT article_id, story_id FROM article_profiles")
        return {row[0]: row[1] for row in rows}


def test_out_of_order_and_repeated_ingest_give_the_same_stories(
    tmp_path: Path, sql_url: str, demo_documents: list[Document]
) -> None:
    in_order = SqlStore(str(tmp_path / "in_order.db"))
    in_order.put(demo_documents)
    in_order.update_stories()
    expected = _stories(in_order)
    assert len(set(expected.values())) < len(expected)  # some stories have several articles

    shuffled = list(demo_documents)
    random.Random(7).shuffle(shuffled)
    piecewise = SqlStore(sql_url)  # and on PostgreSQL as well as SQLite
    for start in range(0, len(shuffled), 9):
        piecewise.put(shuffled[start : start + 9])
        piecewise.update_stories()
    piecewise.put(shuffled[:20])  # again: nothing changes
    piecewise.update_stories()
    assert _stories(piecewise) == expected
    assert [s.to_dict() for s in piecewise.stories(limit=500)] == [
        s.to_dict() for s in in_order.stories(limit=500)
    ]


def test_undated_articles_follow_their_dated_original_in_whatever_order_they_come(
    tmp_path: Path, sql_url: str
) -> None:
    dated = _document(STRIKE, 0, "a")
    undated = [
        _undated(COPY_OF_STRIKE, "c"),
        _undated(STRIKE_OTHER_OUTLET, "u"),
        _undated(OIL, "w"),
    ]
    expected = {
        a.article_id: a.story_id for a in cluster([profile_of(d) for d in [dated, *undated]])
    }
    store = SqlStore(sql_url)
    store.put(undated)  # the undated first: the original comes later
    store.update_stories()
    assert _copies(store)[undated[0].id] is None
    store.put([dated])
    store.update_stories()
    assert _stories(store) == expected
    assert expected[undated[0].id] == dated.id
    assert _copies(store)[undated[0].id] == dated.id

    store.delete(dated.id)  # without its original, the copy is no copy again
    store.update_stories()
    assert _copies(store)[undated[0].id] is None
    assert _stories(store)[undated[0].id] != dated.id


def test_a_long_ingest_matches_stories_as_it_goes_and_ends_with_the_same_ones(
    tmp_path: Path, demo_documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasid.ingest

    at_once = SqlStore(str(tmp_path / "at_once.db"))
    rasid.ingest.ingest_documents(demo_documents, at_once, Options())
    monkeypatch.setattr(rasid.ingest, "STORIES_EVERY", 8)
    updates: list[int] = []
    as_it_goes = SqlStore(str(tmp_path / "as_it_goes.db"))
    counted = as_it_goes.update_stories

    def update() -> object:
        updates.append(len(_stories(as_it_goes)))
        return counted()

    monkeypatch.setattr(as_it_goes, "update_stories", update)
    rasid.ingest.ingest_documents(demo_documents, as_it_goes, Options(batch_size=4))
    assert len(updates) > 3  # matched along the way, not only at the end
    assert _stories(as_it_goes) == _stories(at_once)


def test_stories_list_members_with_sources_and_copies(
    sql_url: str, demo_documents: list[Document]
) -> None:
    store = SqlStore(sql_url)
    store.put(demo_documents)
    store.update_stories()
    found = store.stories(min_articles=3, limit=100)
    assert found
    for story in found:
        assert len(story.articles) >= 3
        assert sum(story.sources.values()) == len(story.articles)
        assert story.id in {member.id for member in story.articles}
        if story.first_seen and story.last_seen:
            assert story.first_seen <= story.last_seen
    member = found[0].articles[-1]
    assert store.story(member.id).id == found[0].id
    assert store.story(found[0].id[:8]).id == found[0].id


QUERIES = ["النازحين", "الدورية الروسية التركية", "إدلب", "كورونا", "وقف إطلاق النار", "M4"]


@pytest.mark.parametrize("sql_url", ["postgresql"], indirect=True)
def test_postgresql_finds_what_sqlite_finds_and_tells_the_same_stories(
    tmp_path: Path, sql_url: str, demo_documents: list[Document]
) -> None:
    from rasid.store.search import SearchFilters

    lite, postgres = SqlStore(str(tmp_path / "lite.db")), SqlStore(sql_url)
    for store in (lite, postgres):
        store.put(demo_documents)
        store.update_stories()
    for query in QUERIES:
        found = [{hit.id for hit in s.search(query, limit=100)} for s in (lite, postgres)]
        assert found[0] == found[1] and found[0], query
    idlib = SearchFilters(kb_ids=("geonames:169389",), event_type="ASSAULT")
    assert {h.id for h in lite.search("", idlib, limit=100)} == {
        h.id for h in postgres.search("", idlib, limit=100)
    }
    assert _stories(lite) == _stories(postgres)
    some = demo_documents[0].id
    assert [h.id for h in lite.related(some)][:3] == [h.id for h in postgres.related(some)][:3]
    postgres.close()
