"""Country names, adjectives and capitals, to tell which state a leader speaks for."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

MatchKind = Literal["name", "adjective", "capital"]

# Capitals that are also ordinary English words or common names; they count only written as in the
# table (case-sensitive) and never as a speaker on their own.
_AMBIGUOUS = {"male", "victoria", "georgia", "santiago", "kingston", "tripoli", "jordan", "chad", "turkey"}


def _key(phrase: str) -> tuple[str, ...]:
    """Lower-case word tuple used for matching ("U.S." -> ("u.s.",); "People's" -> ("people", "'s"))."""
    phrase = phrase.replace("\u2019", "'")
    return tuple(t.lower() for t in re.findall(r"[A-Za-z\u00C0-\u024F.]+(?:-[A-Za-z\u00C0-\u024F.]+)*|'s|'", phrase))


@dataclass(frozen=True)
class CountryMatch:
    """A country found at a position in a token sequence."""

    country: str
    kind: MatchKind
    length: int


class Gazetteer:
    """Looks up country names, demonym adjectives and capitals in token sequences.

    Matching is on lower-case words, longest first ("People's Republic of China" before "China").
    """

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._table: dict[tuple[str, ...], tuple[str, MatchKind]] = {}
        self._upper_only: set[tuple[str, ...]] = set()  # "US", "UK": never the word "us"
        self.countries: list[str] = []
        for row in rows:
            country = row["country"].strip()
            self.countries.append(country)
            entries: list[tuple[str, MatchKind]] = [(country, "name")]
            for column, kind in (("names", "name"), ("adjectives", "adjective"), ("capitals", "capital")):
                entries += [(value, kind) for value in (row.get(column) or "").split("|") if value.strip()]
            for value, kind in entries:
                key = _key(value)
                if key and key not in self._table:
                    self._table[key] = (country, kind)  # type: ignore[assignment]
                    if value.replace(".", "").isupper():
                        self._upper_only.add(key)
        self._longest = max((len(k) for k in self._table), default=1)
        # The longest entry starting with each first word: most words start none, and return at once.
        self._by_first: dict[str, int] = {}
        for key in self._table:
            self._by_first[key[0]] = max(self._by_first.get(key[0], 0), len(key))

    def match(self, words: list[str], i: int, *, lemmas: bool = False) -> CountryMatch | None:
        """The longest country entry starting at `words[i]`.

        Args:
            words: words as they appear in the text, or lower-case lemmas when `lemmas` is true: then "us"
                is the acronym US (the pronoun's lemma is "we"), so all-capital entries match too.
        """
        if i >= len(words):
            return None
        longest = self._by_first.get(words[i].lower().replace("\u2019", "'"))
        if longest is None:
            return None
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w.lower().replace("\u2019", "'") for w in words[i : i + n])
            hit = self._table.get(key)
            if hit is None:
                continue
            country, kind = hit
            if n == 1 and key[0] in _AMBIGUOUS and not words[i][:1].isupper():
                continue
            if key in self._upper_only and not lemmas and not "".join(words[i : i + n]).replace(".", "").isupper():
                continue
            return CountryMatch(country, kind, n)
        return None

    def forms(self, country: str) -> set[str]:
        """Every lower-case word of the names, adjectives and capitals of `country` ("iranian", "tehran")."""
        return {word for key, (name, _kind) in self._table.items() if name == country for word in key}

    def lookup(self, phrase: str) -> str | None:
        """The country a whole phrase names ("the Iranian" -> None, "Iranian" -> "Iran")."""
        hit = self._table.get(_key(phrase))
        return hit[0] if hit else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (`analysis/data/countries.tsv`), loaded once."""
    text = resources.files("analysis").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    return Gazetteer(rows)
