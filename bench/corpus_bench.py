"""Corpus benchmark: generate N synthetic readouts, import and analyse them in a temporary store, time a timeline.

    python bench/corpus_bench.py [--n 10000] [--processes 2] [--seed 7] [--keep DIR]

Steps, each timed in the same run:
1. generate N readouts from templates (fictional countries and leaders, four house styles, calls spread
   over ten years, with keywords that enter and leave the relationship's vocabulary over time);
2. import them from one JSONL file into a store in a temporary folder (`analysis.importing`);
3. analyse the whole store with `Store.analyze_all` (batched `nlp.pipe`), with progress;
4. parse the same texts with a raw `nlp.pipe` (same pipeline, processes and batch size), once before and
   once after step 3, and divide the analysis time by their mean: the ratio says
   what party detection, attribution, the enrichers and the cache writes cost on top of spaCy;
5. load every cached analysis (`Store.readouts_with_analyses`) and time `keyword_timeline` queries on it.
Peak memory is the resident set size (`resource.getrusage`) of this process and of the worker processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import load_pipeline  # noqa: E402
from analysis.importing import import_paths  # noqa: E402
from analysis.store import Store  # noqa: E402
from analysis.timeline import keyword_timeline, suggest_keywords  # noqa: E402


class Country(NamedTuple):
    name: str
    adjective: str
    capital: str
    leader: str
    title: str


COUNTRIES = [Country(*row) for row in [
    ("Tarsania", "Tarsanian", "Port Selane", "Dong Weiming", "President"),
    ("Veloria", "Velorian", "Kessaburg", "Anselm Kravik", "President"),
    ("Meridia", "Meridian", "Alvaro", "Ilse Vantorp", "Prime Minister"),
    ("Halvia", "Halvian", "Norrvik", "Jonas Whitcombe", "President"),
    ("Ostrava Union", "Ostravan", "Lindmark", "Yuri Belankov", "President"),
    ("Castellon", "Castellan", "Verano", "Marisol Quintero", "President"),
    ("Norland", "Norlandic", "Hvitby", "Anna Vale", "Prime Minister"),
    ("Sudmark", "Sudmarkian", "Ostertal", "Piet Oster", "Chancellor"),
]]

# Topics with the years (0-9 from the start) in which they come up, so a timeline has something to show.
TOPICS = [
    ("trade and investment", range(0, 10), "expand trade and investment and open markets to each other's goods"),
    ("the pandemic", range(1, 4), "cooperate against the pandemic and share vaccines and medical supplies"),
    ("the Corridor Initiative", range(3, 10), "build the Corridor Initiative with new ports and railways"),
    ("green energy", range(5, 10), "work together on green energy, climate action and clean power"),
    ("core interests", range(0, 10), "respect each other's core interests and oppose external interference"),
    ("regional security", range(0, 10), "keep regional security and stability in the Strait of Kessa"),
    ("people-to-people exchanges", range(2, 10), "promote people-to-people exchanges, tourism and education"),
    ("the grain deal", range(6, 9), "keep the grain deal alive and food prices stable"),
]


def _topics(year: int, rng: random.Random) -> list[tuple[str, str]]:
    live = [(name, phrase) for name, years, phrase in TOPICS if year in years]
    return rng.sample(live, k=min(len(live), rng.randint(2, 4)))


def _short(party: Country) -> str:
    """How the text refers back to a leader: family name first for Tarsania's, last for the others."""
    words = party.leader.split()
    return words[0] if party.name == "Tarsania" else words[-1]


def _agency(a: Country, b: Country, day: dt.date, topics, rng: random.Random) -> tuple[str, str]:
    lines = [f"{a.capital.upper()}, {day:%B} {day.day} -- {a.title} {a.leader} of {a.name} held phone talks with "
             f"{b.title} {b.leader} of {b.name} on {day:%A}."]
    lines += [f"{_short(a)} said that {a.name} and {b.name} should {phrase}." for _name, phrase in topics]
    lines.append(f"{a.name} is ready to work with the {b.adjective} side on {topics[0][0]}, he said.")
    lines.append(f"For his part, {_short(b)} said {b.name} values its friendship with {a.name}.")
    lines.append(f"{_short(b)} said {b.name} is willing to {topics[-1][1]}.")
    lines.append("The two sides also exchanged views on international and regional issues of common concern.")
    return f"{a.leader} holds phone talks with {b.adjective} {b.title} {b.leader}", " ".join(lines)


def _white_house(a: Country, b: Country, day: dt.date, topics, rng: random.Random) -> tuple[str, str]:
    last = a.leader.split()[-1]
    lines = [f"{a.title} {a.leader} spoke today with {b.title} {b.leader} of {b.name}."]
    lines.append(f"{a.title} {last} underscored the commitment of {a.name} to {topics[0][0]}.")
    lines += [f"The leaders discussed how to {phrase}." for _name, phrase in topics[1:]]
    lines.append(f"He also raised concerns about {rng.choice(['cyber attacks', 'export controls', 'debt'])}.")
    lines.append("The two leaders agreed to stay in close touch.")
    return f"Readout of {a.title} {last}'s Call with {b.title} {b.leader} of {b.name}", " ".join(lines)


def _kremlin(a: Country, b: Country, day: dt.date, topics, rng: random.Random) -> tuple[str, str]:
    lines = [f"{a.leader} had a telephone conversation with {b.title} of {b.name} {b.leader}."]
    lines.append(f"{a.leader} outlined approaches to {topics[0][0]}.")
    lines += [f"Both leaders expressed the intention to {phrase}." for _name, phrase in topics[1:]]
    lines.append("It was agreed to continue contacts at various levels.")
    return f"Telephone conversation with {b.title} of {b.name} {b.leader}", " ".join(lines)


def _joint(a: Country, b: Country, day: dt.date, topics, rng: random.Random) -> tuple[str, str]:
    lines = [f"{a.title} {a.leader} of {a.name} and {b.title} {b.leader} of {b.name} met on {day:%d %B %Y}."]
    lines += [f"The two leaders agreed to {phrase}." for _name, phrase in topics]
    lines.append(f"{b.leader} thanked {a.leader} for the warm welcome.")
    return f"Joint readout: {a.leader} and {b.leader}", " ".join(lines)


STYLES = [_agency, _white_house, _kremlin, _joint]


def generate(n: int, *, seed: int = 7, start: dt.date = dt.date(2015, 1, 1)) -> list[dict]:
    """N synthetic readouts (JSON-ready records: text, date, title, publisher, parties, synthetic)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        day = start + dt.timedelta(days=rng.randrange(3650))
        topics = _topics((day - start).days // 365, rng)
        style = rng.choice(STYLES)
        title, text = style(a, b, day, topics, rng)
        out.append({"text": f"{text} [{i}]", "date": day.isoformat(), "title": title,
                    "publisher": f"{a.name} government", "parties": [a.leader, b.leader], "synthetic": True})
    return out


def peak_mb() -> tuple[float, float]:
    """Peak resident memory in MB of this process and of its finished child processes (Linux: KB units)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _progress(label: str):
    state = {"last": -1}

    def report(done: int, total: int) -> None:
        step = max(total // 20, 1)
        if total and (done == total or done // step != state["last"]):
            state["last"] = done // step
            print(f"\r  {label}: {done:,}/{total:,}", end="\n" if done == total else "", file=sys.stderr, flush=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many readouts (default 10,000)")
    parser.add_argument("--processes", type=int, default=2, help="nlp.pipe worker processes (default 2)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="keep the store and JSONL in this folder instead of a temporary one")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, object] = {"readouts": args.n, "processes": args.processes, "folder": str(folder)}

    t0 = time.perf_counter()
    records = generate(args.n, seed=args.seed)
    source = folder / "bench.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    figures["generate_s"] = round(time.perf_counter() - t0, 2)
    figures["words"] = sum(len(r["text"].split()) for r in records)

    nlp = load_pipeline()
    with Store(folder / "bench.sqlite3") as store:
        t0 = time.perf_counter()
        report = import_paths(store, [source], progress=_progress("import"))
        figures["import_s"] = round(time.perf_counter() - t0, 2)
        figures["imported"] = len(report.added)

        texts = [r["text"] for r in records]

        def raw_pipe() -> float:
            t0 = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
                pass
            return time.perf_counter() - t0

        # The raw parse runs before and after the analysis, so a machine shared with other work skews both
        # sides alike; the ratio uses their mean.
        raw_before = raw_pipe()
        t0 = time.perf_counter()
        analysed = store.analyze_all(nlp=nlp, progress=_progress("analyse"), n_process=args.processes,
                                     batch_size=args.batch_size)
        analyse_s = time.perf_counter() - t0
        figures.update(analyse_s=round(analyse_s, 1), analysed=analysed.analysed, failed=len(analysed.failed),
                       analyse_per_s=round(analysed.analysed / analyse_s, 1))
        figures["peak_mb_after_analysis"] = [round(x) for x in peak_mb()]
        raw_after = raw_pipe()
        raw_s = (raw_before + raw_after) / 2
        figures.update(raw_pipe_s=[round(raw_before, 1), round(raw_after, 1)],
                       raw_pipe_per_s=round(len(texts) / raw_s, 1), ratio_analyse_to_raw=round(analyse_s / raw_s, 2))

        t0 = time.perf_counter()
        corpus = store.readouts_with_analyses(analyze_missing=False)
        figures["load_cached_s"] = round(time.perf_counter() - t0, 2)
    keywords = ["Corridor Initiative", "pandemic", "green energy", "core interests"]
    keyword_timeline(corpus[:50], keywords, by="year", nlp=nlp)  # warm the keyword lemmatiser
    for by, per in (("year", None), ("month", "speaker"), ("readout", "country")):
        t0 = time.perf_counter()
        df = keyword_timeline(corpus, keywords, by=by, per=per, nlp=nlp)
        figures[f"timeline_{by}_{per or 'all'}_s"] = round(time.perf_counter() - t0, 3)
        figures[f"timeline_{by}_{per or 'all'}_rows"] = len(df)
    t0 = time.perf_counter()
    figures["suggested"] = suggest_keywords(corpus, n=8)
    figures["suggest_s"] = round(time.perf_counter() - t0, 2)
    yearly = keyword_timeline(corpus, keywords, by="year", nlp=nlp)
    figures["per_1k_by_year"] = {
        k: {p: round(v, 2) for p, v in zip(part["period"], part["per_1k_words"])}
        for k, part in yearly.groupby("keyword", sort=False)
    }
    figures["peak_mb"] = [round(x) for x in peak_mb()]
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
