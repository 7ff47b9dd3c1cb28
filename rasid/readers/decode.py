"""Bytes to text: byte-order marks, UTF-8, then charset-normalizer's detection.

charset-normalizer does the detection; this module only adds what it cannot
know: that a file full of control bytes is binary, not text in some exotic
code page, and that among plausible decodings rasid prefers the one that
reads as Arabic (Windows-1256, ISO-8859-6 and Mac Arabic are all close).
"""

from __future__ import annotations

import codecs

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
#: Above this share of control bytes (NUL included) a BOM-less input is binary.
_BINARY_CONTROL_SHARE = 0.05


def _control_share(sample: bytes) -> float:
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls / len(sample)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte is NUL, as in BOM-less UTF-16 text."""
    even, odd = sample[0::2], sample[1::2]
    if odd and odd.count(0) / len(odd) > 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even and even.count(0) / len(even) > 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


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
    if _control_share(sample) > _BINARY_CONTROL_SHARE:
        encoding16 = _utf16_without_bom(sample)
        if encoding16 is None:
            raise BinaryInput(origin, f"{_control_share(sample):.0%} control bytes")
        try:
            return data.decode(encoding16), encoding16
        except UnicodeDecodeError:
            raise BinaryInput(origin, "NUL bytes that are not UTF-16 text") from None
    for candidate in ("utf-8", declared):
        if candidate:
            try:
                return data.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise UndecodableInput(origin)
    best = max(matches[:5], key=lambda match: (arabic_ratio(str(match)), -match.chaos))
    return str(best), best.encoding
