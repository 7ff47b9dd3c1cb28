"""Fixtures written for rasid: Arabic articles in the shape scrapers deliver them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from rasid.settings import Options
from rasid.store import MemoryStore, SqlStore

# Property tests draw the same examples on every run, so CI is not flaky;
# a new failing example comes from a change, not from the dice.
settings.register_profile("rasid", derandomize=True, database=None, deadline=None)
settings.load_profile("rasid")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ANT = SHARED / "data" / "news" / "ant-v2.1.jsonl.gz"

#: Tests that read ../shared: skipped on a user's fresh clone, always run in CI.
needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared is absent (it is present in CI, where these run)"
)

# A scraped page in the shape of the seeds, written for these tests: repeated
# headline, byline, caption, counter, "read also", a sub-heading, broken
# words, and the comment prompts at the end.
SCRAPED_ARTICLE = """\
قوافل مساعدات جديدة تعبر معبر باب الهوى نحو مخيمات الشمال السوري
قوافل مساعدات جديدة تعبر معبر باب الهوى باتجاه مخيمات الشمال
شبكة الرصد – فريق التحرير
شاحنات محملة بالمساعدات عند المعبر المصدر الأناضول
3 تعليقات

عبرت صباح اليوم قافلة تضم أربعين شاحنة من المساعدات الإنسانية معبر باب الهوى الحدودي، متجهة إلى مخيمات النـ.ـازحين في ريف إدلب الشمالي.

وقال مسؤول في إدارة المعبر إن القافلة تحمل مواد غذائية وطبية، مضيفاً أن قوافل أخرى ستصل خلال الأسبوع المقبل.

اقرأ أيضاً: الأمم المتحدة تحذر من تفاقم الأوضاع في مخيمات الشمال

معاناة مستمرة

وتعيش آلاف العائلات ظروفاً صعبة بعد موجات الـ.ـقصف الأخيرة، بحسب منظمات محلية.

اترك تعليقاً

لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *
"""


@pytest.fixture
def scraped_article() -> str:
    return SCRAPED_ARTICLE


@pytest.fixture
def options() -> Options:
    return Options()


#: A PostgreSQL server for the store tests (scripts/with_postgres.sh, run by `make test`,
#: starts one and sets this); without it the PostgreSQL cases skip, saying so.
POSTGRES = os.environ.get("RASID_TEST_POSTGRES")


@contextmanager
def _database(engine: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if engine == "sqlite":
        yield str(tmp_path / "rasid.db")
        return
    if not POSTGRES:
        pytest.skip("RASID_TEST_POSTGRES is not set (make test starts a PostgreSQL server)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rasid_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using it runs on a SQLite file and on a PostgreSQL database."""
    with _database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MemoryStore | SqlStore]:
    """Each store contract test runs against the in-memory twin, SQLite and PostgreSQL."""
    if request.param == "memory":
        yield MemoryStore()
        return
    with _database(request.param, tmp_path) as url:
        sql = SqlStore(url)
        yield sql
        sql.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the whole demo corpus (examples/), ingested once per test session."""
    from rasid.ingest import ingest
    from rasid.store import SqlStore

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = SqlStore(str(path))
    report = ingest([ROOT / "examples" / name for name in ("corpus", "html", "feeds")], store,
                    Options())  # fmt: skip
    store.close()
    assert report.stored > 40 and not report.failed
    return path
