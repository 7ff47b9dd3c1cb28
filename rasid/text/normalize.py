"""Arabic character classes and the matching normaliser.

Two different jobs, kept apart on purpose:

* the *display* text keeps what the author wrote (hamza, ta marbuta,
  diacritics); only invisible noise is stripped from it (`INVISIBLE_NOISE`);
* the *matching* form folds spelling variants together so that later stages
  and search treat "إدلب"/"ادلب" or "الأولى"/"الاولي" as the same word.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARABIC_LETTER",
    "BIDI_CONTROLS",
    "INVISIBLE_NOISE",
    "TATWEEL",
    "ZERO_WIDTH",
    "arabic_ratio",
    "fold_arabic",
    "normalize_for_matching",
]

TATWEEL = "\u0640"

#: Directional marks and embeddings: they change how text is shown, never what it says.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: Zero-width characters scrapers and obfuscators leave inside Arabic words.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

INVISIBLE_NOISE = BIDI_CONTROLS + ZERO_WIDTH

# Letters of the Arabic block proper (hamza .. ya, plus the extended letters
# used for Persian/Urdu loan words that show up in names).
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc"

_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTER}]")
# Tatweel is a word character to `re` (a modifier letter) but no letter of any
# script: a rule of it under a headline must not count against the Arabic share.
_LETTER_RE = re.compile(f"[^\\W\\d_{TATWEEL}]")

# Harakat, shadda, sukun, superscript alef and Quranic annotation marks.
_DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_DROP_RE = re.compile(f"[{_DIACRITICS}{TATWEEL}{INVISIBLE_NOISE}]")

_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
        # Arabic-Indic and Eastern Arabic-Indic (Persian) digits.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "٫": ".",
        "٬": ",",
    }
)


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants and digits, leaving everything else as it is.

    Diacritics, tatweel and invisible characters go; alef/hamza seats, alef
    maqsura and ta marbuta fold to one letter each; digits become ASCII.
    Safe on regular expressions, which is how the residue rules use it.
    """
    return _DROP_RE.sub("", text).translate(_FOLD)


def normalize_for_matching(text: str) -> str:
    """Fold spelling variants for matching and search; never for display.

    `fold_arabic` after NFKC (presentation forms from PDFs become plain
    letters), with Latin casefolded.
    """
    return fold_arabic(unicodedata.normalize("NFKC", text)).casefold()


def arabic_ratio(text: str, *, sample: int = 20_000) -> float:
    """Share of letters that are Arabic (0.0 when there are none), in the first `sample` chars."""
    head = text[:sample]
    letters = len(_LETTER_RE.findall(head))
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER_RE.findall(head)) / letters
