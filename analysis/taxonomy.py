"""The diplomacy theme taxonomy: load, validate, edit, save the user's copy and reset it to the default."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analysis import config

#: The taxonomy shipped with the analyzer.
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "taxonomy.toml"

#: Name of the user's edited copy inside `config.DATA_DIR`.
USER_FILE_NAME = "taxonomy.toml"

#: The largest taxonomy file accepted (an upload of more is surely not a taxonomy).
MAX_BYTES = 1_000_000
MAX_THEMES = 200
MAX_TERMS = 500
MAX_TERM_CHARS = 100

_ID = re.compile(r"[a-z][a-z0-9_]{0,62}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Theme:
    """One subject of diplomacy that an analyst tallies.

    Attributes:
        id: short identifier: lower-case letters, digits and underscores ("belt_and_road").
        label: the name shown on charts ("Belt and Road and connectivity").
        description: one line saying what the theme covers.
        terms: words and phrases that mark the theme, matched case-insensitively on lemmas.
    """

    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of themes with unique ids; immutable and hashable, so matchers can be cached on it."""

    themes: tuple[Theme, ...]

    @property
    def ids(self) -> list[str]:
        """The theme ids in order."""
        return [t.id for t in self.themes]

    @property
    def fingerprint(self) -> str:
        """A short hash of the themes and terms: results computed with another taxonomy are stale."""
        import hashlib

        return hashlib.sha256(taxonomy_to_toml(self).encode("utf-8")).hexdigest()[:8]

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id.

        Raises:
            ValueError: if there is no such theme.
        """
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise ValueError(f"The taxonomy has no theme with id {theme_id!r}.")

    def labels(self) -> dict[str, str]:
        """{theme id: label}."""
        return {t.id: t.label for t in self.themes}

    def with_theme(self, theme: Theme) -> Taxonomy:
        """A copy with `theme` added at the end.

        Raises:
            ValueError: if the theme is invalid or its id is taken.
        """
        return validate_taxonomy(Taxonomy(self.themes + (theme,)))

    def without_theme(self, theme_id: str) -> Taxonomy:
        """A copy without the theme `theme_id`.

        Raises:
            ValueError: if there is no such theme, or it is the last one.
        """
        self.theme(theme_id)
        return validate_taxonomy(Taxonomy(tuple(t for t in self.themes if t.id != theme_id)))

    def with_term(self, theme_id: str, term: str) -> Taxonomy:
        """A copy with `term` added to the theme `theme_id` (unchanged if the theme already has it).

        Raises:
            ValueError: if there is no such theme or the term is invalid.
        """
        theme = self.theme(theme_id)
        term = _clean_term(term, theme_id)
        if term.lower() in (t.lower() for t in theme.terms):
            return self
        return self._replaced(replace(theme, terms=theme.terms + (term,)))

    def without_term(self, theme_id: str, term: str) -> Taxonomy:
        """A copy with `term` removed from the theme `theme_id`.

        Raises:
            ValueError: if the theme does not have that term, or it is the theme's last term.
        """
        theme = self.theme(theme_id)
        if term not in theme.terms:
            raise ValueError(f"The theme {theme_id!r} has no term {term!r}.")
        return self._replaced(replace(theme, terms=tuple(t for t in theme.terms if t != term)))

    def _replaced(self, theme: Theme) -> Taxonomy:
        return validate_taxonomy(Taxonomy(tuple(theme if t.id == theme.id else t for t in self.themes)))


def _clean_term(term: object, theme_id: str) -> str:
    if not isinstance(term, str):
        raise ValueError(f"Every term of theme {theme_id!r} must be text, got {type(term).__name__}.")
    cleaned = " ".join(term.split())
    if not cleaned:
        raise ValueError(f"The theme {theme_id!r} has an empty term.")
    if len(cleaned) > MAX_TERM_CHARS or _CONTROL.search(cleaned):
        raise ValueError(
            f"The term {cleaned[:40]!r} of theme {theme_id!r} is too long or has control characters "
            f"(at most {MAX_TERM_CHARS} characters)."
        )
    return cleaned


def validate_taxonomy(taxonomy: Taxonomy) -> Taxonomy:
    """Check a taxonomy and return it with whitespace in labels and terms tidied.

    Raises:
        ValueError: if it has no themes or too many, a bad or repeated id, an empty label, or a theme
            without terms.
    """
    if not taxonomy.themes:
        raise ValueError("The taxonomy has no themes; it needs at least one.")
    if len(taxonomy.themes) > MAX_THEMES:
        raise ValueError(f"The taxonomy has {len(taxonomy.themes)} themes; the limit is {MAX_THEMES}.")
    seen: set[str] = set()
    themes = []
    for theme in taxonomy.themes:
        if not isinstance(theme.id, str) or not _ID.fullmatch(theme.id):
            raise ValueError(
                f"The theme id {theme.id!r} is not valid: use lower-case letters, digits and _, starting with a letter."
            )
        if theme.id in seen:
            raise ValueError(f"The theme id {theme.id!r} appears twice.")
        seen.add(theme.id)
        if not isinstance(theme.label, str) or not theme.label.strip():
            raise ValueError(f"The theme {theme.id!r} needs a label.")
        if not isinstance(theme.description, str):
            raise ValueError(f"The description of theme {theme.id!r} must be text.")
        if not theme.terms:
            raise ValueError(f"The theme {theme.id!r} has no terms; give it at least one.")
        if len(theme.terms) > MAX_TERMS:
            raise ValueError(f"The theme {theme.id!r} has {len(theme.terms)} terms; the limit is {MAX_TERMS}.")
        terms: list[str] = []
        for term in theme.terms:
            cleaned = _clean_term(term, theme.id)
            if cleaned.lower() not in (t.lower() for t in terms):
                terms.append(cleaned)
        themes.append(Theme(theme.id, " ".join(theme.label.split()), " ".join(theme.description.split()),
                            tuple(terms)))
    return Taxonomy(tuple(themes))


def parse_taxonomy(text: str | bytes) -> Taxonomy:
    """Read a taxonomy from TOML text (the format of `analysis/data/taxonomy.toml`).

    Args:
        text: TOML with a list `[[themes]]` of tables `{id, label, description, terms}`.

    Returns:
        The validated taxonomy.

    Raises:
        ValueError: if the text is not TOML, is too large, or does not describe a valid taxonomy.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise ValueError(f"The taxonomy file is larger than {MAX_BYTES:,} bytes.")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("The taxonomy file is not UTF-8 text.") from None
    if not isinstance(text, str):
        raise ValueError(f"The taxonomy must be TOML text, not {type(text).__name__}.")
    if len(text) > MAX_BYTES:
        raise ValueError(f"The taxonomy file is larger than {MAX_BYTES:,} characters.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"The taxonomy file is not valid TOML ({exc}).") from None
    return taxonomy_from_dict(data)


def taxonomy_from_dict(data: dict[str, Any]) -> Taxonomy:
    """Build a taxonomy from `{"themes": [{"id", "label", "description", "terms"}, ...]}`.

    Raises:
        ValueError: if the structure or a value is wrong.
    """
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, list):
        raise ValueError("The taxonomy must have a list of themes ([[themes]] tables in TOML).")
    out = []
    for k, entry in enumerate(themes):
        if not isinstance(entry, dict):
            raise ValueError(f"Theme number {k + 1} is not a table with id, label, description and terms.")
        unknown = set(entry) - {"id", "label", "description", "terms"}
        if unknown:
            raise ValueError(f"Theme number {k + 1} has unknown keys: {', '.join(sorted(unknown))}.")
        terms = entry.get("terms")
        if not isinstance(terms, list):
            raise ValueError(f"Theme {entry.get('id', k + 1)!r} needs a list of terms.")
        out.append(Theme(id=entry.get("id"), label=entry.get("label"), description=entry.get("description", ""),
                         terms=tuple(terms)))
    return validate_taxonomy(Taxonomy(tuple(out)))


def taxonomy_to_dict(taxonomy: Taxonomy) -> dict[str, Any]:
    """The taxonomy as plain data: `{"version": 1, "themes": [{"id", "label", "description", "terms"}]}`."""
    return {"version": 1, "themes": [
        {"id": t.id, "label": t.label, "description": t.description, "terms": list(t.terms)} for t in taxonomy.themes
    ]}


def _toml_string(value: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for ch in value:
        if ch in escapes:
            out.append(escapes[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def taxonomy_to_toml(taxonomy: Taxonomy) -> str:
    """The taxonomy as TOML text that `parse_taxonomy` reads back unchanged."""
    lines = ["# Readout Analyzer theme taxonomy: terms match case-insensitively on lemmas.", "version = 1", ""]
    for t in taxonomy.themes:
        lines += [
            "[[themes]]",
            f"id = {_toml_string(t.id)}",
            f"label = {_toml_string(t.label)}",
            f"description = {_toml_string(t.description)}",
            "terms = [" + ", ".join(_toml_string(term) for term in t.terms) + "]",
            "",
        ]
    return "\n".join(lines)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and validate a taxonomy file.

    Raises:
        ValueError: if the file cannot be read or is not a valid taxonomy.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"Cannot read the taxonomy file {path}: {exc.strerror or exc}.") from None
    return parse_taxonomy(data)


def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the analyzer."""
    return _load_cached(str(DEFAULT_PATH), *_stamp(DEFAULT_PATH))


def user_taxonomy_path() -> Path:
    """Where the user's edited taxonomy is kept: `taxonomy.toml` in `config.DATA_DIR`."""
    return Path(config.DATA_DIR) / USER_FILE_NAME


def user_taxonomy_error() -> str | None:
    """Why the user's saved taxonomy cannot be used (None when it is fine or there is none)."""
    path = user_taxonomy_path()
    if not path.exists():
        return None
    try:
        _load_cached(str(path), *_stamp(path))
    except ValueError as exc:
        return f"Your saved taxonomy ({path}) cannot be used, so the default is in use: {exc}"
    return None


def active_taxonomy() -> Taxonomy:
    """The taxonomy `analyze` uses: the user's saved copy if there is a valid one, else the default.

    Cached; the cache follows the file's modification time, so a save or reset (in this process or
    another) is seen at once.
    """
    path = user_taxonomy_path()
    if path.exists():
        try:
            return _load_cached(str(path), *_stamp(path))
        except (ValueError, OSError):
            pass
    return default_taxonomy()


def save_taxonomy(taxonomy: Taxonomy, path: str | Path | None = None) -> Path:
    """Validate and write a taxonomy, by default as the user's copy (which `active_taxonomy` then returns).

    The file is written to a temporary name first and renamed, so a crash never leaves half a file.

    Returns:
        The path written.

    Raises:
        ValueError: if the taxonomy is invalid or the file cannot be written.
    """
    taxonomy = validate_taxonomy(taxonomy)
    target = Path(path) if path is not None else user_taxonomy_path()
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(taxonomy_to_toml(taxonomy), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise ValueError(f"Cannot save the taxonomy to {target}: {exc.strerror or exc}.") from None
    _load_cached.cache_clear()
    return target


def reset_taxonomy() -> Taxonomy:
    """Delete the user's copy so that the default taxonomy is active again; returns the default."""
    user_taxonomy_path().unlink(missing_ok=True)
    _load_cached.cache_clear()
    return default_taxonomy()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> Taxonomy:
    return load_taxonomy(path)
