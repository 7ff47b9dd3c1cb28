"""The knowledge base: people, organisations and places with English names and coordinates."""

from rasid.kb.index import Candidate, KnowledgeBase, default_kb, load_kb, match_key
from rasid.kb.records import KbRecord

__all__ = ["Candidate", "KbRecord", "KnowledgeBase", "default_kb", "load_kb", "match_key"]
