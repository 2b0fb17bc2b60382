"""The corpus store: readouts and their cached analyses in one local SQLite file."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from analysis import config
from analysis.model import Party, ReadoutAnalysis
from analysis.readout import analyze, check_text
from analysis.taxonomy import active_taxonomy

#: The schema this code writes; older files are migrated on open (see `MIGRATIONS`).
SCHEMA_VERSION = 2

#: Sort orders for `Store.search`: a field name, "-" in front for descending. Undated readouts sort last.
Sort = Literal["date", "-date", "title", "-title", "added", "-added", "id"]

#: A progress callback: called with (done, total) as a batch advances.
Progress = Callable[[int, int], None]

#: Fields `Store.update_metadata` may change (the text never changes: another text is another readout).
METADATA_FIELDS = ("title", "date", "publisher", "published_by", "source", "parties", "meta", "synthetic")

_SORT_SQL: dict[str, str] = {
    "date": "r.date IS NULL, r.date ASC, r.id ASC",
    "-date": "r.date IS NULL, r.date DESC, r.id DESC",
    "title": "r.title IS NULL, r.title COLLATE NOCASE ASC, r.id ASC",
    "-title": "r.title IS NULL, r.title COLLATE NOCASE DESC, r.id DESC",
    "added": "r.created_at ASC, r.id ASC",
    "-added": "r.created_at DESC, r.id DESC",
    "id": "r.id ASC",
}

# Version 1 is the first released layout: no publishing side, parties, metadata or synthetic flag, and an
# analysis cache keyed by the content hash alone (so results of an old analyzer were served forever).
SCHEMA_V1 = """
CREATE TABLE readouts (
    id INTEGER PRIMARY KEY,
    title TEXT,
    date TEXT,
    publisher TEXT,
    source TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE analysis_cache (
    content_hash TEXT PRIMARY KEY,
    result TEXT NOT NULL
);
"""

_V2_TABLES = """
CREATE TABLE analyses (
    content_hash TEXT NOT NULL REFERENCES readouts(content_hash) ON DELETE CASCADE,
    analyzer_version TEXT NOT NULL,
    hints TEXT NOT NULL,
    countries TEXT NOT NULL DEFAULT '[]',
    result TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (content_hash, analyzer_version, hints)
);
CREATE INDEX IF NOT EXISTS readouts_date ON readouts(date);
CREATE TABLE properties (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""



#: The property counting writes to the readouts (see `Store.version`).
CHANGES_KEY = "changes"


def _count_change(conn: sqlite3.Connection) -> None:
    """Count one write to the readouts, inside the write's own transaction."""
    conn.execute("INSERT INTO properties (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE "
                 "SET value = CAST(value AS INTEGER) + 1", (CHANGES_KEY,))


def analysis_version() -> str:
    """What cached analyses are keyed on: the analyzer's version and the active taxonomy (an edited
    taxonomy gives other themes, so results made with another one are recomputed)."""
    return f"{config.ANALYZER_VERSION}/{active_taxonomy().fingerprint}"


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Add the publishing side, parties, metadata, synthetic flag and update time; version the cache."""
    for column in (
        "published_by TEXT",
        "parties TEXT NOT NULL DEFAULT '[]'",
        "meta TEXT NOT NULL DEFAULT '{}'",
        "synthetic INTEGER NOT NULL DEFAULT 0",
        "updated_at TEXT",
    ):
        conn.execute(f"ALTER TABLE readouts ADD COLUMN {column}")
    conn.execute("UPDATE readouts SET updated_at = created_at")
    # The old cache does not say which analyzer made its results, so none of them can be trusted.
    conn.execute("DROP TABLE analysis_cache")
    for statement in _V2_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


#: Migrations by the version they start from; each runs in the same transaction as the version bump.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}


def default_db_path() -> Path:
    """The database file: $READOUT_DB, else readouts.sqlite3 in $READOUT_DATA_DIR, else `config.DB_PATH`.

    The environment is read on every call (not only at import), so tests and `--db` can redirect it.
    """
    if os.environ.get("READOUT_DB"):
        return Path(os.environ["READOUT_DB"])
    if os.environ.get("READOUT_DATA_DIR"):
        return Path(os.environ["READOUT_DATA_DIR"]) / "readouts.sqlite3"
    return config.DB_PATH


def content_hash(text: str) -> str:
    """SHA-256 of the text with line endings unified and outer whitespace stripped (so a copy is a duplicate)."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def check_date(value: object) -> str | None:
    """A date of the call as ISO "YYYY-MM-DD" (None or blank stays None).

    Raises:
        ValueError: if the value is not a real calendar date written YYYY-MM-DD (or a `datetime.date`).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"The date must be text written YYYY-MM-DD, not {type(value).__name__}.")
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"The date must be a real date written YYYY-MM-DD, got {value!r}.") from None


def _check_parties(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, (set, frozenset, dict)) or not isinstance(value, Iterable):
        raise ValueError("The parties must be a list of leaders' names (text).")
    value = tuple(value)
    if not all(isinstance(p, str) for p in value):
        raise ValueError("The parties must be a list of leaders' names (text).")
    return tuple(p.strip() for p in value if p.strip())


def _check_meta(value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"The metadata must be a mapping of names to values, not {type(value).__name__}.")
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"The metadata must be JSON-ready (text, numbers, lists, mappings): {exc}.") from None
    return dict(value)


def _check_optional_text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"The {name} must be text, not {type(value).__name__}.")
    return value.strip() or None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Readout:
    """One stored readout with its metadata.

    Attributes:
        id: the store's id (an integer from 1).
        text: the readout exactly as imported.
        content_hash: `content_hash(text)`; two readouts never share one.
        title, date, publisher, source: as imported or edited; `date` is the date of the call, ISO.
        published_by: which side published it (a country or body, e.g. "China").
        parties: leaders' names given with the readout (hints for the analyzer), possibly empty.
        meta: any other fields from the import, JSON-ready.
        synthetic: True for readouts invented for demonstration (the shipped corpus).
        created_at, updated_at: UTC times, ISO.
        countries: the parties' countries from the cached analysis; empty until the readout is analysed.
        analysed: whether an analysis by the current analyzer version is cached.
    """

    id: int
    text: str
    content_hash: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    published_by: str | None = None
    source: str | None = None
    parties: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False
    created_at: str = ""
    updated_at: str = ""
    countries: tuple[str, ...] = ()
    analysed: bool = False

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the text."""
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata and text (the export format's readout fields)."""
        return {
            "id": self.id, "title": self.title, "date": self.date, "publisher": self.publisher,
            "published_by": self.published_by, "source": self.source, "parties": list(self.parties),
            "synthetic": self.synthetic, "meta": dict(self.meta), "content_hash": self.content_hash,
            "created_at": self.created_at, "updated_at": self.updated_at, "text": self.text,
        }


@dataclass(frozen=True)
class CorpusReadout:
    """A stored readout with its analysis: what keyword timelines and other corpus views read.

    Attributes:
        readout: the stored readout and its metadata.
        analysis: its analysis (date and title taken from the stored metadata).
    """

    readout: Readout
    analysis: ReadoutAnalysis

    @property
    def id(self) -> int:
        return self.readout.id

    @property
    def date(self) -> str | None:
        return self.readout.date

    @property
    def title(self) -> str | None:
        return self.readout.title

    @property
    def publisher(self) -> str | None:
        return self.readout.publisher

    @property
    def parties(self) -> list[Party]:
        """The analysis' parties, each with leader, title and country."""
        return self.analysis.parties

    @property
    def countries(self) -> tuple[str, ...]:
        """The parties' countries, in the analysis' party order, unknown ones left out."""
        return tuple(p.country for p in self.analysis.parties if p.country)


@dataclass
class AnalyzeReport:
    """What `Store.analyze_all` did.

    Attributes:
        analysed: readouts analysed now and cached.
        cached: readouts whose analysis was already cached for this analyzer version.
        failed: (id, message) for each readout that could not be analysed; they stay uncached.
    """

    analysed: int = 0
    cached: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


class Store:
    """A corpus of readouts in one SQLite file (WAL journal, foreign keys on, one transaction per write).

    Open it with `Store()` (the default path, see `default_db_path`) or `Store(path)`; use it as a context
    manager or call `close()`. One `Store` may be shared by threads: calls are serialised by a lock.

    Args:
        path: the database file (created with its folder when missing), or ":memory:".

    Raises:
        ValueError: if the file is not a readout database or was written by a newer version of the app.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._upgrade()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{self.path} is not a readout database ({exc}).") from None

    # -- housekeeping -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything inside is committed together, or rolled back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (`PRAGMA user_version`)."""
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _upgrade(self) -> None:
        with self.transaction() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and not tables:
                # A new file starts at version 1 and takes the same migrations as an old one.
                for statement in SCHEMA_V1.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                version = 1
            elif version == 0:
                raise ValueError(f"{self.path} is an SQLite file but not a readout database.")
            if version > SCHEMA_VERSION:
                raise ValueError(
                    f"{self.path} was written by a newer version of the app (schema {version}, this one "
                    f"reads up to {SCHEMA_VERSION}); update the app."
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")

    # -- writing ------------------------------------------------------------------------------------

    def add(
        self,
        text: str,
        *,
        title: str | None = None,
        date: str | dt.date | None = None,
        publisher: str | None = None,
        published_by: str | None = None,
        source: str | None = None,
        parties: Iterable[str] | str | None = None,
        meta: dict[str, Any] | None = None,
        synthetic: bool = False,
    ) -> tuple[int, bool]:
        """Store a readout, unless the same text is stored already.

        Args:
            text: the readout as published.
            title, publisher, source: as published ("source" is a URL or a note).
            date: the date of the call, "YYYY-MM-DD".
            published_by: which side published it (a country or body).
            parties: leaders' names, when known (a list, or one comma-separated string).
            meta: other fields to keep, JSON-ready.
            synthetic: True for invented demonstration readouts.

        Returns:
            (id, created): the new readout's id and True, or the existing copy's id and False.

        Raises:
            ValueError: if the text is empty or too long, the date is not YYYY-MM-DD, or a field has the
                wrong type.
        """
        check_text(text)
        values = {
            "title": _check_optional_text("title", title),
            "date": check_date(date),
            "publisher": _check_optional_text("publisher", publisher),
            "published_by": _check_optional_text("published_by", published_by),
            "source": _check_optional_text("source", source),
            "parties": _hints_key(_check_parties(parties)),
            "meta": json.dumps(_check_meta(meta), ensure_ascii=False),
            "synthetic": int(bool(synthetic)),
        }
        digest = content_hash(text)
        now = _now()
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM readouts WHERE content_hash = ?", (digest,)).fetchone()
            if row is not None:
                return int(row["id"]), False
            cursor = conn.execute(
                "INSERT INTO readouts (title, date, publisher, published_by, source, text, content_hash, parties,"
                " meta, synthetic, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (values["title"], values["date"], values["publisher"], values["published_by"], values["source"],
                 text, digest, values["parties"], values["meta"], values["synthetic"], now, now),
            )
            _count_change(conn)
            return int(cursor.lastrowid), True

    def update_metadata(self, readout_id: int, **fields: Any) -> Readout:
        """Change a readout's metadata (any of `METADATA_FIELDS`); the text cannot change.

        Returns:
            The readout as stored after the change.

        Raises:
            ValueError: if there is no such readout, a field is unknown, or a value is invalid.
        """
        unknown = sorted(set(fields) - set(METADATA_FIELDS))
        if unknown:
            raise ValueError(
                f"Cannot change {', '.join(unknown)}: only {', '.join(METADATA_FIELDS)} can be edited."
            )
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "date":
                values[name] = check_date(value)
            elif name == "parties":
                values[name] = _hints_key(_check_parties(value))
            elif name == "meta":
                values[name] = json.dumps(_check_meta(value), ensure_ascii=False)
            elif name == "synthetic":
                values[name] = int(bool(value))
            else:
                values[name] = _check_optional_text(name, value)
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM readouts WHERE id = ?", (readout_id,)).fetchone() is None:
                raise ValueError(f"There is no readout with id {readout_id}.")
            if values:
                assignments = ", ".join(f"{name} = ?" for name in values)
                conn.execute(f"UPDATE readouts SET {assignments}, updated_at = ? WHERE id = ?",
                             (*values.values(), _now(), readout_id))
                _count_change(conn)
        return self.get(readout_id)

    def delete(self, readout_id: int) -> None:
        """Delete a readout and its cached analyses.

        Raises:
            ValueError: if there is no such readout.
        """
        with self.transaction() as conn:
            if conn.execute("DELETE FROM readouts WHERE id = ?", (readout_id,)).rowcount == 0:
                raise ValueError(f"There is no readout with id {readout_id}.")
            _count_change(conn)

    def set_property(self, key: str, value: str) -> None:
        """Remember a setting of this corpus (such as "seeded"), in the database itself."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO properties (key, value) VALUES (?, ?)", (key, value))

    def get_property(self, key: str, default: str | None = None) -> str | None:
        """A setting remembered with `set_property`, or `default`."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM properties WHERE key = ?", (key,)).fetchone()
        return row["value"] if row is not None else default

    def prune_cache(self) -> int:
        """Delete cached analyses made by other analyzer versions; returns how many were deleted."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM analyses WHERE analyzer_version != ?",
                                (analysis_version(),)).rowcount

    # -- reading ------------------------------------------------------------------------------------

    _SELECT = (
        "SELECT r.*, a.countries AS a_countries, a.result IS NOT NULL AS a_analysed FROM readouts r"
        " LEFT JOIN analyses a ON a.content_hash = r.content_hash AND a.analyzer_version = ? AND a.hints = r.parties"
    )

    def get(self, readout_id: int) -> Readout:
        """The readout with this id.

        Raises:
            ValueError: if there is no such readout.
        """
        with self._lock:
            row = self._conn.execute(self._SELECT + " WHERE r.id = ?",
                                     (analysis_version(), readout_id)).fetchone()
        if row is None:
            raise ValueError(f"There is no readout with id {readout_id}.")
        return _readout(row)

    def search(
        self,
        query: str | None = None,
        *,
        country: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        synthetic: bool | None = None,
        ids: Iterable[int] | None = None,
        sort: Sort = "-date",
        limit: int | None = None,
    ) -> list[Readout]:
        """Readouts matching every filter given.

        Args:
            query: words that must appear (case-insensitive, as substrings) in the title, text, publisher,
                publishing side or source; each word may match a different field.
            country: a party's country (from the cached analyses; unanalysed readouts never match) or the
                publishing side, case-insensitive.
            date_from, date_to: inclusive bounds on the date of the call ("YYYY-MM-DD"); undated readouts
                never match a date bound.
            synthetic: only synthetic (True) or only real (False) readouts.
            ids: only these ids.
            sort: one of `Sort`; by default the newest call first.
            limit: at most this many.

        Raises:
            ValueError: if a date is not YYYY-MM-DD or the sort is unknown.
        """
        if sort not in _SORT_SQL:
            raise ValueError(f"Unknown sort {sort!r}: use one of {', '.join(_SORT_SQL)}.")
        where, params = self._filters(query, country, check_date(date_from), check_date(date_to), synthetic, ids)
        sql = self._SELECT + where + f" ORDER BY {_SORT_SQL[sort]}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._conn.execute(sql, (analysis_version(), *params)).fetchall()
        return [_readout(row) for row in rows]

    def count(self, query: str | None = None, *, country: str | None = None, date_from: str | None = None,
              date_to: str | None = None, synthetic: bool | None = None) -> int:
        """How many readouts match the filters (the same as `search`'s)."""
        where, params = self._filters(query, country, check_date(date_from), check_date(date_to), synthetic, None)
        with self._lock:
            return int(self._conn.execute(
                "SELECT COUNT(*) FROM readouts r" + where, tuple(params)).fetchone()[0])

    def version(self) -> tuple[int, str]:
        """A cheap fingerprint of the corpus (how many writes it has seen, and the analysis version): it
        changes whenever a readout is added, edited or deleted, or cached analyses go stale."""
        return int(self.get_property(CHANGES_KEY, "0") or 0), analysis_version()

    def analysed_count(self) -> int:
        """How many readouts have a cached analysis of the current version (one cheap query)."""
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM analyses WHERE analyzer_version = ?",
                                          (analysis_version(),)).fetchone()[0])

    def ids(self) -> list[int]:
        """Every readout id, in order."""
        with self._lock:
            return [int(r[0]) for r in self._conn.execute("SELECT id FROM readouts ORDER BY id")]

    def countries(self) -> list[str]:
        """Every country known in the corpus (analysed parties' countries and publishing sides), sorted."""
        with self._lock:
            found = {r[0] for r in self._conn.execute(
                "SELECT DISTINCT j.value FROM analyses a, json_each(a.countries) j WHERE a.analyzer_version = ?",
                (analysis_version(),))}
            found |= {r[0] for r in self._conn.execute(
                "SELECT DISTINCT published_by FROM readouts WHERE published_by IS NOT NULL")}
        return sorted(c for c in found if c)

    def _filters(self, query: str | None, country: str | None, date_from: str | None, date_to: str | None,
                 synthetic: bool | None, ids: Iterable[int] | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for word in (query or "").split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            fields = ("r.title", "r.text", "r.publisher", "r.published_by", "r.source")
            clauses.append("(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'" for f in fields) + ")")
            params += [pattern] * len(fields)
        if country and country.strip():
            clauses.append(
                "(r.published_by = ? COLLATE NOCASE OR EXISTS (SELECT 1 FROM analyses c, json_each(c.countries) j"
                " WHERE c.content_hash = r.content_hash AND c.analyzer_version = ? AND c.hints = r.parties"
                " AND j.value = ? COLLATE NOCASE))"
            )
            params += [country.strip(), analysis_version(), country.strip()]
        if date_from:
            clauses.append("r.date >= ?")
            params.append(date_from)
        if date_to:
            clauses.append("r.date <= ?")
            params.append(date_to)
        if synthetic is not None:
            clauses.append("r.synthetic = ?")
            params.append(int(synthetic))
        if ids is not None:
            id_list = [int(i) for i in ids]
            clauses.append(f"r.id IN ({', '.join('?' * len(id_list)) or 'NULL'})")
            params += id_list
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    # -- analyses -----------------------------------------------------------------------------------

    def cached_analysis(self, readout: Readout) -> ReadoutAnalysis | None:
        """The cached analysis of this readout by the current analyzer version, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT result FROM analyses WHERE content_hash = ? AND analyzer_version = ? AND hints = ?",
                (readout.content_hash, analysis_version(), _hints_key(readout.parties)),
            ).fetchone()
        if row is None:
            return None
        return _with_metadata(ReadoutAnalysis.from_dict(json.loads(row["result"]), text=readout.text), readout)

    def analysis(self, readout_id: int, *, nlp: Language | None = None) -> ReadoutAnalysis:
        """The readout's analysis: from the cache, or computed now and cached.

        The cache is keyed by the text's content hash, `analysis_version()` and the readout's parties,
        so a new analyzer version re-analyses instead of serving stale results. The result's date and title
        are always the stored metadata's.

        Raises:
            ValueError: if there is no such readout, or its text cannot be analysed.
        """
        readout = self.get(readout_id)
        cached = self.cached_analysis(readout)
        if cached is not None:
            return cached
        result = analyze(readout.text, parties=list(readout.parties) or None, date=readout.date,
                         title=readout.title, nlp=nlp)
        self._cache(readout, result)
        return result

    def _cache(self, readout: Readout, result: ReadoutAnalysis) -> None:
        countries = sorted({p.country for p in result.parties if p.country})
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO analyses (content_hash, analyzer_version, hints, countries, result,"
                " created_at) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM readouts WHERE content_hash = ?)",
                (readout.content_hash, analysis_version(), _hints_key(readout.parties),
                 json.dumps(countries, ensure_ascii=False),
                 json.dumps(result.to_dict(lemmas=True), ensure_ascii=False), _now(), readout.content_hash),
            )

    def analyze_all(
        self,
        ids: Iterable[int] | None = None,
        *,
        nlp: Language | None = None,
        progress: Progress | None = None,
        n_process: int | None = None,
        batch_size: int = 32,
    ) -> AnalyzeReport:
        """Analyse and cache every readout (or those in `ids`) that has no cached analysis yet.

        Texts are parsed in batches with `nlp.pipe`; each result is cached as soon as it is made, so an
        interruption keeps the work done so far. A readout that fails is reported and left uncached.

        Args:
            ids: only these readouts; by default all.
            nlp: the spaCy pipeline; by default `analysis.nlp.load_pipeline()`.
            progress: called with (done, total) after each readout (and once with (0, total) first).
            n_process: worker processes for `nlp.pipe`; by default 2 for 64 readouts or more, else 1
                (starting workers costs more than it saves on a few texts).
            batch_size: texts per `nlp.pipe` batch.

        Returns:
            How many were analysed, already cached, or failed (with the reason).
        """
        from analysis.nlp import load_pipeline

        readouts = self.search(ids=ids, sort="id") if ids is not None else self.search(sort="id")
        report = AnalyzeReport(cached=sum(r.analysed for r in readouts))
        pending: list[Readout] = []
        for readout in readouts:
            if readout.analysed:
                continue
            try:
                check_text(readout.text)
            except ValueError as exc:
                report.failed.append((readout.id, str(exc)))
                continue
            pending.append(readout)
        total = len(pending)
        if progress:
            progress(0, total)
        if not pending:
            return report
        nlp = nlp or load_pipeline()
        workers = n_process if n_process is not None else (2 if total >= 64 else 1)
        docs = nlp.pipe((r.text for r in pending), batch_size=batch_size, n_process=workers)
        for done, (readout, doc) in enumerate(zip(pending, docs), start=1):
            try:
                result = analyze(readout.text, parties=list(readout.parties) or None, date=readout.date,
                                 title=readout.title, nlp=nlp, doc=doc)
            except Exception as exc:  # one odd readout must not stop a batch of thousands
                report.failed.append((readout.id, f"analysis failed: {exc}"))
            else:
                self._cache(readout, result)
                report.analysed += 1
            if progress:
                progress(done, total)
        return report

    def readouts_with_analyses(
        self,
        ids: Iterable[int] | None = None,
        *,
        query: str | None = None,
        country: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        sort: Sort = "date",
        analyze_missing: bool = True,
        nlp: Language | None = None,
        progress: Progress | None = None,
    ) -> list[CorpusReadout]:
        """The readouts matching the filters (as in `search`), each with its analysis, oldest call first.

        Args:
            ids, query, country, date_from, date_to, sort: as in `search` (the country filter needs analyses).
            analyze_missing: analyse and cache readouts not analysed yet (with `nlp` and `progress`, see
                `analyze_all`); when False they are left out.

        Returns:
            One `CorpusReadout` per readout: `.readout` (id, date, title, publisher, ...) and `.analysis`;
            `.parties` and `.countries` come from the analysis. Readouts that cannot be analysed are left out.
        """
        selected = self.search(query, country=country, date_from=date_from, date_to=date_to, ids=ids, sort=sort)
        if analyze_missing and any(not r.analysed for r in selected):
            self.analyze_all([r.id for r in selected if not r.analysed], nlp=nlp, progress=progress)
            selected = self.search(ids=[r.id for r in selected], sort=sort)
        return list(self._with_analyses(selected))

    def _with_analyses(self, readouts: list[Readout]) -> Iterator[CorpusReadout]:
        with self._lock:
            results = {}
            for chunk_start in range(0, len(readouts), 500):
                chunk = readouts[chunk_start:chunk_start + 500]
                rows = self._conn.execute(
                    "SELECT content_hash, hints, result FROM analyses WHERE analyzer_version = ? AND content_hash IN ("
                    + ", ".join("?" * len(chunk)) + ")",
                    (analysis_version(), *[r.content_hash for r in chunk]),
                ).fetchall()
                results.update({(row["content_hash"], row["hints"]): row["result"] for row in rows})
        for readout in readouts:
            raw = results.get((readout.content_hash, _hints_key(readout.parties)))
            if raw is not None:
                analysis = ReadoutAnalysis.from_dict(json.loads(raw), text=readout.text)
                yield CorpusReadout(readout, _with_metadata(analysis, readout))

    list = search  # `store.list()` reads naturally for "everything"; defined last so `list` is not shadowed


def _hints_key(parties: tuple[str, ...]) -> str:
    return json.dumps(list(parties), ensure_ascii=False)


def _with_metadata(result: ReadoutAnalysis, readout: Readout) -> ReadoutAnalysis:
    result.date = readout.date
    result.title = readout.title
    return result


def _readout(row: sqlite3.Row) -> Readout:
    return Readout(
        id=int(row["id"]), text=row["text"], content_hash=row["content_hash"], title=row["title"],
        date=row["date"], publisher=row["publisher"], published_by=row["published_by"], source=row["source"],
        parties=tuple(json.loads(row["parties"] or "[]")), meta=json.loads(row["meta"] or "{}"),
        synthetic=bool(row["synthetic"]), created_at=row["created_at"], updated_at=row["updated_at"] or "",
        countries=tuple(json.loads(row["a_countries"] or "[]")), analysed=bool(row["a_analysed"]),
    )

