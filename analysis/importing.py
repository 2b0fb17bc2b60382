"""Import readouts into the store from .txt/.md (with front matter), .csv and .jsonl files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.store import Progress, Store

#: File name endings `import_files` reads; anything else is reported as unsupported.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
TABLE_SUFFIXES = (".csv",)
LINES_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES + LINES_SUFFIXES

#: Fields with a meaning of their own; any other column or key is kept in the readout's `meta`.
KNOWN_FIELDS = ("text", "title", "date", "publisher", "published_by", "source", "parties", "synthetic", "meta")

#: Fields that `analysis.exporting` writes and the store derives itself: ignored on import, so that an
#: export imports back as the same readouts.
DERIVED_FIELDS = ("id", "content_hash", "created_at", "updated_at", "analysis", "analysis_parties", "countries",
                  "statements", "warnings")

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
                 "%b %d %Y", "%d.%m.%Y")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}

# A readout can be far longer than the csv module's default field limit (131,072 characters).
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class RecordError:
    """A record that was skipped: the file, the line it starts on (from 1), and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class Duplicate:
    """A record whose text is already stored, as readout `id`."""

    file: str
    line: int
    id: int


@dataclass(frozen=True)
class ImportRecord:
    """One readout read from a file, checked and ready for `Store.add`."""

    file: str
    line: int
    text: str
    fields: dict[str, Any]


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        added: ids of the readouts stored now, in file order.
        duplicates: records whose text was already stored (with the stored id).
        errors: records skipped, each with its file, line and reason.
    """

    added: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)

    @property
    def records(self) -> int:
        """Records read, good and bad."""
        return len(self.added) + len(self.duplicates) + len(self.errors)

    def summary(self) -> str:
        """One line: "12 added, 1 duplicate, 2 errors"."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}" + ("" if n == 1 else "s")

        return (f"{len(self.added)} added, {plural(len(self.duplicates), 'duplicate')} (already stored), "
                f"{plural(len(self.errors), 'bad record')} skipped")


def parse_date(value: object) -> str | None:
    """A date in a common form ("2021-08-04", "4 August 2021", "Aug. 4, 2021") as ISO "YYYY-MM-DD".

    Raises:
        ValueError: if the value is not text or not a date in a known form.
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if not isinstance(value, str):
        raise ValueError(f"field 'date' must be text, got {_type_name(value)}")
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?", text):
        text = text[:10]
    cleaned = re.sub(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", r"\1", text)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unparseable date {value!r} (write it YYYY-MM-DD)")


def parse_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Split a `---`-fenced front matter block (simple YAML: `key: value`, lists) from the body.

    Supports `key: value`, quoted values, `true`/`false`, inline lists `[a, b]` and block lists of
    `- item` lines; `#` starts a comment line.

    Returns:
        (fields, body, line of the body's first line); fields are empty when there is no front matter.

    Raises:
        ValueError: with the line number, if the block is not closed or a line is not `key: value`.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if closing is None:
        raise ValueError("line 1: the front matter opened with '---' is never closed with '---'")
    fields: dict[str, Any] = {}
    list_key: str | None = None  # the key of an empty "key:" line, which "- item" lines may follow
    for number, raw in enumerate(lines[1:closing], start=2):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("- ") and list_key is not None:
            fields[list_key] = (fields[list_key] or []) + [_scalar(line.lstrip()[2:])]
            continue
        match = re.fullmatch(r"([A-Za-z_][\w -]*?)\s*:\s*(.*)", line)
        if not match or line[0].isspace():
            raise ValueError(f"line {number}: front matter lines must be 'key: value', got {line.strip()!r}")
        key, value = match.group(1).strip().lower().replace(" ", "_").replace("-", "_"), match.group(2).strip()
        if not value:  # empty, unless "- item" lines follow
            fields[key], list_key = None, key
        elif value.startswith("[") and value.endswith("]"):
            fields[key] = [_scalar(v) for v in _split_list(value[1:-1])]
            list_key = None
        else:
            fields[key] = _scalar(value)
            list_key = None
    return fields, "\n".join(lines[closing + 1:]), closing + 2


def _split_list(inner: str) -> list[str]:
    return [item for item in next(csv.reader([inner], skipinitialspace=True), []) if item.strip()]


def _scalar(value: str) -> Any:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def check_record(raw: dict[str, Any], *, file: str, line: int) -> ImportRecord:
    """Check one record's fields and sort them into known fields and metadata.

    Raises:
        ValueError: if there is no text, the date is unparseable, or a field has the wrong type.
    """
    keys = [str(k).strip().lower() for k in raw if k is not None]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:  # "Date" and "date": one would silently overwrite the other
        raise ValueError(f"the field {', '.join(repeat for repeat in repeated)} is given twice")
    record = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    text = record.pop("text", None)
    if text is None or (isinstance(text, str) and not text.strip()):
        raise ValueError("no text (the 'text' field is missing or empty)")
    if not isinstance(text, str):
        raise ValueError(f"field 'text' must be text, got {_type_name(text)}")
    fields: dict[str, Any] = {"date": parse_date(record.pop("date", None))}
    for name in ("title", "publisher", "published_by", "source"):
        value = record.pop(name, None)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field '{name}' must be text, got {_type_name(value)}")
        fields[name] = value.strip() if value and value.strip() else None
    parties = record.pop("parties", None)
    if isinstance(parties, str):
        parties = [p.strip() for p in re.split(r"[;,|]", parties) if p.strip()]
    if parties is not None and not (isinstance(parties, list) and all(isinstance(p, str) for p in parties)):
        raise ValueError(f"field 'parties' must be a list of names, got {_type_name(parties)}")
    fields["parties"] = parties or []
    synthetic = record.pop("synthetic", False)
    if isinstance(synthetic, str) and synthetic.strip().lower() in _TRUE | _FALSE:
        synthetic = synthetic.strip().lower() in _TRUE
    if synthetic is None:
        synthetic = False
    if not isinstance(synthetic, bool):
        raise ValueError(f"field 'synthetic' must be true or false, got {synthetic!r}")
    fields["synthetic"] = synthetic
    for name in DERIVED_FIELDS:
        record.pop(name, None)
    meta = record.pop("meta", None) or {}
    if isinstance(meta, str):  # a CSV cell holds the mapping as JSON
        try:
            meta = json.loads(meta)
        except json.JSONDecodeError:
            raise ValueError("field 'meta' must be a JSON mapping") from None
    if not isinstance(meta, dict):
        raise ValueError(f"field 'meta' must be a mapping, got {_type_name(meta)}")
    meta = {**meta, **{k: v for k, v in record.items() if v not in (None, "")}}
    try:
        json.dumps(meta)
    except (TypeError, ValueError):
        raise ValueError("the extra fields must be plain text, numbers, lists or mappings") from None
    fields["meta"] = meta
    return ImportRecord(file=file, line=line, text=text, fields=fields)


def read_records(name: str, data: bytes) -> Iterator[ImportRecord | RecordError]:
    """Every record in one file, checked: an `ImportRecord` for each good one, a `RecordError` for each bad.

    Args:
        name: the file's name (its ending says the format; it is also what errors report).
        data: the file's bytes.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        yield RecordError(name, 1, f"unsupported file type {suffix or '(none)'!r}: use {', '.join(SUFFIXES)}")
        return
    if b"\x00" in data[:8192]:
        yield RecordError(name, 1, "not a text file (it holds binary data)")
        return
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        yield RecordError(name, line, "not a text file (not UTF-8; save it as UTF-8 text)")
        return
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if suffix in TEXT_SUFFIXES:
        yield from _text_records(name, content, markdown=suffix != ".txt")
    elif suffix in TABLE_SUFFIXES:
        yield from _csv_records(name, content)
    else:
        yield from _jsonl_records(name, content)


def _checked(raw: dict[str, Any], file: str, line: int) -> ImportRecord | RecordError:
    try:
        return check_record(raw, file=file, line=line)
    except ValueError as exc:
        return RecordError(file, line, str(exc))


def _text_records(name: str, content: str, *, markdown: bool) -> Iterator[ImportRecord | RecordError]:
    try:
        fields, body, body_line = parse_front_matter(content)
    except ValueError as exc:
        number, _, message = str(exc).partition(": ")
        yield RecordError(name, int(number.removeprefix("line ")), message)
        return
    if markdown and "title" not in fields:
        heading = re.match(r"\s*#\s+(.+)\n", body)
        if heading:
            fields["title"] = heading.group(1).strip()
            body = body[heading.end():]
    if "text" in fields:
        yield RecordError(name, 1, "the text is the body after the front matter; remove the 'text' key")
        return
    yield _checked({**fields, "text": body.strip("\n")}, name, body_line)


def _csv_records(name: str, content: str) -> Iterator[ImportRecord | RecordError]:
    # strict: an unterminated quote is reported instead of swallowing every later row into one record.
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield RecordError(name, 1, f"not a readable CSV file ({exc})")
        return
    columns = [h.strip().lower() for h in header or []]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        yield RecordError(name, 1, f"the CSV header names a column twice: {', '.join(repeated)}")
        return
    if "text" not in columns:
        yield RecordError(name, 1, "the CSV file has no 'text' column (its first line must name the columns)")
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RecordError(name, start, f"malformed CSV ({exc}); the rest of the file was not read")
            return
        if not any(cell.strip() for cell in row):
            start = reader.line_num + 1
            continue
        if len(row) > len(columns):
            yield RecordError(name, start, f"{len(row)} values for {len(columns)} columns")
        else:
            yield _checked(dict(zip(columns, row)), name, start)
        start = reader.line_num + 1


def _jsonl_records(name: str, content: str) -> Iterator[ImportRecord | RecordError]:
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(name, number, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(raw, dict):
            yield RecordError(name, number, f"each line must be a JSON object, got {_type_name(raw)}")
            continue
        yield _checked(raw, name, number)


def import_files(
    store: Store,
    files: Iterable[tuple[str, bytes]],
    *,
    progress: Progress | None = None,
    defaults: dict[str, Any] | None = None,
) -> ImportReport:
    """Import every good record of the files into the store, each record in its own transaction.

    Bad records are reported (file, line, reason) and skipped; the good ones are kept. Every record is
    stored whole or not at all, so an interruption leaves no half-written readout.

    Args:
        store: where to add the readouts.
        files: (name, bytes) pairs, e.g. uploaded files.
        progress: called with (done, total) records as they are stored (first with (0, total)).
        defaults: fields for records that do not give them (e.g. {"synthetic": True}).

    Returns:
        The ids added, the duplicates and the errors.
    """
    report = ImportReport()
    records: list[ImportRecord] = []
    for name, data in files:
        for item in read_records(name, data):
            if isinstance(item, RecordError):
                report.errors.append(item)
            else:
                records.append(item)
    total = len(records)
    if progress:
        progress(0, total)
    for done, record in enumerate(records, start=1):
        fields = dict(record.fields)
        for key, value in (defaults or {}).items():
            if not fields.get(key):
                fields[key] = value
        try:
            readout_id, created = store.add(record.text, **fields)
        except ValueError as exc:
            report.errors.append(RecordError(record.file, record.line, str(exc)))
        else:
            if created:
                report.added.append(readout_id)
            else:
                report.duplicates.append(Duplicate(record.file, record.line, readout_id))
        if progress:
            progress(done, total)
    report.errors.sort(key=lambda e: (e.file, e.line))
    return report


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import: each path itself, or for a folder every supported file in it (recursively).

    Raises:
        ValueError: if a path does not exist.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.exists():
            found.append(path)
        else:
            raise ValueError(f"No such file or folder: {path}.")
    return found


def import_paths(store: Store, paths: Iterable[str | Path], *, progress: Progress | None = None,
                 defaults: dict[str, Any] | None = None) -> ImportReport:
    """`import_files` for files and folders on disk (a folder imports every supported file in it).

    Raises:
        ValueError: if a path does not exist.
    """
    files = expand_paths(paths)
    return import_files(store, ((str(p), p.read_bytes()) for p in files), progress=progress, defaults=defaults)
