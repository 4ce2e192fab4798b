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
from pathlib import Path

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


def read_bytes(*, name: str, path: Path | None, body: bytes | None) -> bytes:
    """The bytes of an extract on disk or in memory; a folder, a missing or unreadable file refused in words."""
    if body is not None:
        return body
    if path is None or not path.exists():
        raise MetricsError(f"{name}: no such file")
    if path.is_dir():
        raise MetricsError(f"{name}: this is a folder, not a file. Name the extract files inside it.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MetricsError(f"{name}: the file cannot be read ({exc.strerror or 'permission denied'})") from None


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
        said = "UTF-8" if codec == "utf-8-sig" else codec
        raise _refuse(
            name,
            f"text in {said}" + ("" if encoding else " (or name its encoding: --encoding cp1252)"),
            f"bytes that are not {said} ({data[exc.start : exc.start + 4]!r})",
            line=line,
        ) from None


def ragged_lines(text: str, *, name: str) -> None:
    """Refuse the file if any line has more or fewer fields than its header, naming each such line."""
    limit = csv.field_size_limit()
    csv.field_size_limit(len(text) + 1)  # a cell of any length is counted here (its length is judged later)
    try:
        _check_widths(text, name=name)
    finally:
        csv.field_size_limit(limit)


def _check_widths(text: str, *, name: str) -> None:
    rows = csv.reader(io.StringIO(text))
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
