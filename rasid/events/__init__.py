"""Events: PLOVER-typed, with actors, targets, place, date and modality."""

from rasid.events.finder import find_events

__all__ = ["find_events"]
