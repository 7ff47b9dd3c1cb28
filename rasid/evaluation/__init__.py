"""Quality measurement on annotated sets: the cleaner, quotes and dates.

Each module scores one stage against a documented JSON-lines annotation
format and returns precision, recall and F1; `rasid eval` prints them and
tests/eval_baseline.json pins floors on the named sets.
"""

from rasid.evaluation.clean import EVAL_SETS, CleanScores, Score, evaluate_clean, named_set
from rasid.evaluation.speech import (
    SPEECH_SETS,
    DateScores,
    QuoteScores,
    evaluate_dates,
    evaluate_quotes,
)

__all__ = [
    "EVAL_SETS",
    "SPEECH_SETS",
    "CleanScores",
    "DateScores",
    "QuoteScores",
    "Score",
    "evaluate_clean",
    "evaluate_dates",
    "evaluate_quotes",
    "named_set",
]
