"""The command line `python -m analysis analyze`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "xi-raisi-2021-08-04.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=300)


class TestAnalyzeCommand:
    def test_table(self):
        out = run("analyze", str(SAMPLE))
        assert out.returncode == 0, out.stderr
        text = out.stdout.decode()
        assert "Xi Jinping (President, China)" in text
        assert "narration" in text and "[For his part]" in text

    def test_json_from_stdin_with_party_hints(self):
        out = run("analyze", "-", "--json", "--party", "Xi Jinping", "--party", "Ebrahim Raisi",
                  stdin=SAMPLE.read_bytes())
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert [p["leader"] for p in data["parties"]] == ["Xi Jinping", "Ebrahim Raisi"]
        assert [s["speaker"] for s in data["statements"]][:3] == ["Xi Jinping", None, "Xi Jinping"]
        assert {"index", "start", "end", "text", "speaker", "cue"} <= set(data["statements"][0])

    def test_missing_file_is_one_line_and_status_2(self):
        out = run("analyze", "no/such/file.txt")
        assert out.returncode == 2
        assert out.stderr.decode().strip().count("\n") == 0
        assert "no such file" in out.stderr.decode()

    def test_empty_input(self):
        out = run("analyze", "-", stdin=b"  \n")
        assert out.returncode == 2
        assert "empty" in out.stderr.decode()

    def test_front_matter_gives_title_date_and_parties(self, tmp_path):
        readout = tmp_path / "call.md"
        readout.write_text("---\ntitle: A synthetic call\ndate: 2024-05-09\nparties: [Anselm Kravik, Dong Weiming]\n---\n"
                           "Kravik said trade grew. Dong agreed.\n", encoding="utf-8")
        out = run("analyze", str(readout), "--json")
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert (data["title"], data["date"]) == ("A synthetic call", "2024-05-09")
        assert [s["speaker"] for s in data["statements"]] == ["Anselm Kravik", "Dong Weiming"]

    def test_binary_file(self, tmp_path):
        junk = tmp_path / "junk.bin"
        junk.write_bytes(bytes(range(256)) * 4)
        out = run("analyze", str(junk))
        assert out.returncode == 2
        assert "not UTF-8" in out.stderr.decode()
