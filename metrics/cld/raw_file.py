"""A CLD extract's bytes, checked before they are read as a table: what they are, how they are encoded and whether
every line has the header's number of fields.

Each check refuses with the file's name and, where there is one, the line: compressed bytes (unpack them first),
text that is not UTF-8 unless the loader names its encoding, an encoding name that is not a text encoding, a
folder or a missing file, and ragged lines. Nothing is guessed: a cp1252 file read as UTF-8 would publish
mojibake, and a ragged line shifts every field after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from metrics.core.errors import MetricsError, Problem, TableValidationError

#: How compressed files begin, and what they are called.
MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstandard"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
)
#: Show at most this many ragged lines: the first say what is wrong.
MAX_PROBLEMS = 50


def _refuse(name: str, expected: str, found: str, *, line: int | None = None) -> TableValidationError:
    return TableValidationError(file=name, problems=[Problem("(file)", line, expected, found)])


def opened(*, name: str, path: Path | None, body: bytes | None) -> BinaryIO:
    """A binary stream over an extract on disk or in memory; a folder, a missing or unreadable file refused in
    words. Read as a stream: a large extract is never held whole in memory to be checked."""
    if body is not None:
        return io.BytesIO(body)
    if path is None or not path.exists():
        raise MetricsError(f"{name}: no such file")
    if path.is_dir():
        raise MetricsError(f"{name}: this is a folder, not a file. Name the extract files inside it.")
    try:
        return open(path, "rb")  # the caller closes it
    except OSError as exc:
        raise MetricsError(f"{name}: the file cannot be read ({exc.strerror or 'permission denied'})") from None


def read_bytes(*, name: str, path: Path | None, body: bytes | None) -> bytes:
    """The bytes of an extract on disk or in memory (:func:`opened`)."""
    with opened(name=name, path=path, body=body) as fh:
        return fh.read()


def refuse_compressed(data: bytes, *, name: str) -> None:
    """Refuse compressed bytes, whatever the file is called: a .csv of gzip bytes is not a CSV."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise _refuse(name, "a CSV or Parquet file", f"{kind}-compressed bytes: unpack the file first")


def text_encoding(encoding: str | None, *, name: str) -> str:
    """The codec to decode with: UTF-8 (a byte-order mark allowed) unless the loader names another text encoding."""
    if not encoding:
        return "utf-8-sig"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise MetricsError(f"{name}: '{encoding}' is not an encoding (try utf-8, cp1252, latin-1 or utf-16)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise MetricsError(f"{name}: '{encoding}' is not a text encoding (try utf-8, cp1252, latin-1 or utf-16)")
    return info.name


def decoded(data: bytes, *, name: str, encoding: str | None) -> str:
    """The text of a CSV extract, decoded strictly: a byte that is not valid in the encoding refuses the file,
    naming its line, rather than publishing mangled words."""
    codec = text_encoding(encoding, name=name)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found = data[exc.start : exc.start + 4]
        raise _not_encoded(name, codec=codec, named=bool(encoding), line=line, found=found) from None


def _not_encoded(name: str, *, codec: str, named: bool, line: int, found: bytes) -> TableValidationError:
    said = "UTF-8" if codec == "utf-8-sig" else codec
    return _refuse(
        name,
        f"text in {said}" + ("" if named else " (or name its encoding: --encoding cp1252)"),
        f"bytes that are not {said} ({found!r})",
        line=line,
    )


def checked_csv(stream: BinaryIO, *, name: str, encoding: str | None) -> bytes | None:
    """Check a CSV extract's text in one streaming pass: every byte valid in its encoding and every line as wide
    as the header. Returns None where the bytes can be read as they are (UTF-8), or the text re-encoded as UTF-8
    (another encoding named)."""
    codec = text_encoding(encoding, name=name)
    if codec != "utf-8-sig":
        text = decoded(stream.read(), name=name, encoding=encoding)
        ragged_lines(text, name=name)
        return text.encode("utf-8")
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        _check_widths(reader, name=name)
    except UnicodeDecodeError:
        reader.detach()
        stream.seek(0)
        decoded(stream.read(), name=name, encoding=None)  # read whole only now, to name the line
        raise
    reader.detach()
    return None


def ragged_lines(text: str, *, name: str) -> None:
    """Refuse the file if any line has more or fewer fields than its header, naming each such line."""
    _check_widths(io.StringIO(text), name=name)


def _check_widths(lines: Iterable[str], *, name: str) -> None:
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)  # a cell of any length is counted here (its length is judged later)
    try:
        _widths(lines, name=name)
    finally:
        csv.field_size_limit(limit)


def _widths(lines: Iterable[str], *, name: str) -> None:
    rows = csv.reader(lines)
    header = next(rows, None)
    if not header:
        raise _refuse(name, "a header line and at least one row", "an empty file")
    width = len(header)
    problems = []
    for row in rows:
        if row and len(row) != width:
            said = f"{len(row)} fields"
            problems.append(Problem("(line)", rows.line_num, f"{width} fields, as the header has", said))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise TableValidationError(file=name, problems=problems)
