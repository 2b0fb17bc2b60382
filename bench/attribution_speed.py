"""Time `analyze` against a raw `nlp.pipe` parse of the same texts, in the same run, and print the ratio.

    python bench/attribution_speed.py [--repeat 3] [--n-process 1]

The corpus is every readout the project ships or tests with (the sample, the synthetic readouts of
tests/data, and the seeded corpus in sample_data/corpus when present). The raw parse uses the full
pipeline as loaded by spaCy (NER included), which is what a user of spaCy alone would run; `analyze`
disables NER and adds party detection, attribution and the enrichers (themes, reciprocity).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import spacy  # noqa: E402

from analysis import analyze, config, load_pipeline  # noqa: E402


def corpus() -> list[str]:
    from synthetic import DATA, load_annotated

    texts = [(ROOT / "sample_data" / "xi-raisi-2021-08-04.txt").read_text(encoding="utf-8")]
    texts += [r.text for r in load_annotated()]
    texts += [r.text for r in load_annotated(DATA / "synthetic_holdout.jsonl")]
    for path in sorted((ROOT / "sample_data" / "corpus").glob("*.md")):
        texts.append(path.read_text(encoding="utf-8"))
    pairs = DATA / "compare_pairs.jsonl"
    if pairs.exists():
        for line in pairs.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            texts += [v for k, v in record.items() if k.endswith("text") and isinstance(v, str)]
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the median is reported")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    texts = corpus()
    words = sum(len(t.split()) for t in texts)
    raw_nlp = spacy.load(config.MODEL_NAMES[0])
    nlp = load_pipeline()
    analyze(texts[0], nlp=nlp)  # warm up (taxonomy matchers, caches)
    list(raw_nlp.pipe(texts[:2]))
    raw_times, same_times, analyze_times, analyze_pipe_times = [], [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        list(raw_nlp.pipe(texts, batch_size=32, n_process=args.n_process))
        raw_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=32, n_process=args.n_process))
        same_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text in texts:
            analyze(text, nlp=nlp)
        analyze_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=32, n_process=args.n_process)):
            analyze(text, nlp=nlp, doc=doc)
        analyze_pipe_times.append(time.perf_counter() - t0)
    raw = statistics.median(raw_times)
    same = statistics.median(same_times)
    one = statistics.median(analyze_times)
    piped = statistics.median(analyze_pipe_times)
    print(f"corpus: {len(texts)} readouts, {words:,} words; median of {args.repeat} rounds")
    print(f"raw nlp.pipe (full pipeline)     {raw:7.2f} s  {len(texts) / raw:7.1f} readouts/s")
    print(f"analyze(text) one by one         {one:7.2f} s  ratio {one / raw:.2f}")
    print(f"raw nlp.pipe, NER off as analyze {same:7.2f} s  {len(texts) / same:7.1f} readouts/s")
    print(f"analyze over nlp.pipe docs       {piped:7.2f} s  ratio {piped / raw:.2f} to the full parse (target <= 1.3), "
          f"{piped / same:.2f} to the same pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
