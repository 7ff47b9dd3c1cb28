"""Bytes to text: byte-order marks, UTF-8, then charset-normalizer's detection.

charset-normalizer does the detection; this module only adds what it cannot
know: that a file full of control bytes is binary, not text in some exotic
code page, and that among plausible decodings rasid prefers the one that
reads as Arabic (Windows-1256, ISO-8859-6 and Mac Arabic are all close).
"""

from __future__ import annotations

import codecs
import contextlib

import charset_normalizer

from rasid.errors import BinaryInput, EmptyInput, UndecodableInput
from rasid.text.normalize import arabic_ratio

__all__ = ["decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_SAMPLE = 65_536
#: Code pages for Arabic, asked of charset-normalizer whatever it guesses first.
ARABIC_CODE_PAGES = ("cp1256", "iso8859_6", "cp864", "mac_arabic")
#: Inputs shorter than this (bytes) are too short for charset detection.
SHORT_INPUT = 64
#: Share of Arabic letters above which a decoding "reads as Arabic".
ARABIC_READING = 0.5
#: Above this share of control bytes (NUL included) a BOM-less input is binary.
_BINARY_CONTROL_SHARE = 0.05


def _control_share(sample: bytes) -> float:
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls / len(sample)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte is NUL, as in BOM-less UTF-16 text."""
    even, odd = sample[0::2], sample[1::2]
    # High bytes of UTF-16 text: NUL for ASCII, 0x06 for the Arabic block.
    if (
        odd
        and sum(odd.count(b) for b in (0, 6)) / len(odd) > 0.9
        and even.count(0) < len(even) * 0.3
    ):
        return "utf-16-le"
    if (
        even
        and sum(even.count(b) for b in (0, 6)) / len(even) > 0.9
        and odd.count(0) < len(odd) * 0.3
    ):
        return "utf-16-be"
    return None


def _utf8_and_cp1256_lines(data: bytes) -> str | None:
    """Text whose lines are UTF-8 or Windows-1256 each, as when a page is pasted from
    two sources; None unless every line reads as one or the other and both occur."""
    lines: list[str] = []
    legacy = 0
    for raw_line in data.split(b"\n"):
        try:
            lines.append(raw_line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            line = raw_line.decode("cp1256")
        except UnicodeDecodeError:
            return None
        if arabic_ratio(line) < ARABIC_READING:
            return None
        lines.append(line)
        legacy += 1
    text = "\n".join(lines)
    if not legacy or legacy == len(lines) or arabic_ratio(text) < ARABIC_READING:
        return None
    return text


def _preference(match: charset_normalizer.CharsetMatch) -> tuple[float, int]:
    """Least chaos first; on a tie, Windows-1256 (by far the commonest) before the rest."""
    order = ARABIC_CODE_PAGES.index(match.encoding) if match.encoding in ARABIC_CODE_PAGES else 0
    return match.chaos, order


def decode_bytes(data: bytes, origin: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` and return `(text, encoding)`; raise an `InputError` naming `origin`.

    `declared` is an encoding the container named (an HTML meta charset); it
    is tried after strict UTF-8 (which almost never decodes text that is not
    UTF-8) and trusted only if it decodes without error.
    """
    if not data.strip():
        raise EmptyInput(origin)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UndecodableInput(
                    origin, f"invalid {encoding} after its BOM: {error}"
                ) from None
    sample = data[:_SAMPLE]
    encoding16 = _utf16_without_bom(sample)
    if encoding16 is not None or _control_share(sample) > _BINARY_CONTROL_SHARE:
        if encoding16 is None:
            raise BinaryInput(origin, f"{_control_share(sample):.0%} control bytes")
        try:
            return data.decode(encoding16), encoding16
        except UnicodeDecodeError:
            raise BinaryInput(origin, "NUL bytes that are not UTF-16 text") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        # A page may declare Latin-1 and hold Windows-1256; Latin-1 decodes anything,
        # so the declaration is trusted only if what it gives reads as Arabic.
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            text = data.decode(declared)
            if arabic_ratio(text) >= ARABIC_READING:
                return text, declared
    mended = data.decode("utf-8", errors="replace")
    if (
        mended.count("\ufffd") <= max(1, len(mended) // 1000)
        and arabic_ratio(mended) >= ARABIC_READING
    ):
        return mended, "utf-8"  # a stray or cut byte in UTF-8 text costs one character
    mixed = _utf8_and_cp1256_lines(data)
    if mixed is not None:
        return mixed, "utf-8+cp1256"
    # charset-normalizer ranks by chaos alone, and on short text a CJK code
    # page can look as orderly as Windows-1256 ("الوزير" read as Big5). rasid
    # reads Arabic, so the Arabic code pages are always asked too, and a
    # decoding that reads as Arabic wins over one that does not.
    matches = [
        *list(charset_normalizer.from_bytes(data))[:5],
        *charset_normalizer.from_bytes(data, cp_isolation=list(ARABIC_CODE_PAGES)),
    ]
    if not matches:
        # Too short for detection to say anything ("إن." is three bytes):
        # take Windows-1256 if it reads as Arabic.
        if len(data) < SHORT_INPUT:
            with contextlib.suppress(UnicodeDecodeError):
                text = data.decode("cp1256")
                if arabic_ratio(text) >= ARABIC_READING:
                    return text, "cp1256"
        raise UndecodableInput(origin)
    arabic = [match for match in matches if arabic_ratio(str(match)) >= ARABIC_READING]
    best = min(arabic, key=_preference) if arabic else matches[0]
    return str(best), best.encoding
