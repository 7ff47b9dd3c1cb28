"""The store seam: where analysed documents are kept, one schema for every engine.

`Store` is the protocol; `SqlStore` keeps documents in SQLite (default) or
PostgreSQL through SQLAlchemy Core, `MemoryStore` is its in-memory twin for
tests. Both follow the same rules for idempotent ingest:

* same content (same content hash) as a stored article: unchanged; the
  external id it came with is remembered as an alias of that article;
* new content under an external id already stored: that article is updated
  in place (its id stays, its revision goes up);
* otherwise: added, with the content hash as its id.
"""

from __future__ import annotations

from rasid.store.base import PutResult, PutStatus, Store, StoredArticle, StoreStats, plan_put
from rasid.store.memory import MemoryStore
from rasid.store.sql import OnUpgrade, SqlStore

__all__ = [
    "MemoryStore",
    "PutResult",
    "PutStatus",
    "SqlStore",
    "Store",
    "StoreStats",
    "StoredArticle",
    "open_store",
    "plan_put",
]


def open_store(url_or_path: str, *, on_upgrade: OnUpgrade | None = None) -> SqlStore:
    """Open the SQL store at a file path or SQLAlchemy URL, creating and migrating it;
    `on_upgrade(from, to)` is told before an existing database's schema is upgraded."""
    return SqlStore(url_or_path, on_upgrade=on_upgrade)
