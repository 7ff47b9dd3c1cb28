"""Plain-text files: one article per file, in whatever encoding it was saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rasid.errors import InputError
from rasid.model import Article
from rasid.readers.base import ReadResult, read_limited
from rasid.readers.decode import decode_bytes

__all__ = ["TextReader"]


class TextReader:
    """The file path is the article's external id; title and date come from the pipeline or CLI."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Iterator[ReadResult]:
        origin = str(path)
        try:
            text, _ = decode_bytes(read_limited(path, self.max_bytes), origin)
        except InputError as error:
            yield error
            return
        # The absolute path: "a.txt" typed from one folder and "/x/a.txt" are one file.
        yield Article(
            raw_text=text.replace("\r\n", "\n"), external_id=str(path.resolve()), origin=origin
        )
