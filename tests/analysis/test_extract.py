"""Tests for analysis.extract: text from .txt/.md/.html/.docx/.pdf files and from URLs served on loopback."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from analysis import extract

PARAGRAPHS = [
    "BRASILIA, March 3 -- Brazilian President Luiz Inacio Lula da Silva held talks with Kenyan President "
    "William Ruto by telephone on Monday.",
    "Lula said Brazil values its partnership with Kenya and is ready to deepen cooperation in agriculture "
    "and renewable energy.",
    "For his part, Ruto thanked Lula for the call and said Kenya supports closer ties between Africa and "
    "Latin America.",
]

ARTICLE_HTML = """<!DOCTYPE html><html><head><title>Lula holds phone talks with Ruto</title>
<script>var tracking = "SECRET_SCRIPT";</script><style>.x{color:red}</style></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a> | MENU_ITEM</nav></header>
<main><article><h1>Lula holds phone talks with Ruto</h1>
""" + "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS) + """</article></main>
<footer>Copyright FOOTER_TEXT 2024. All rights reserved.</footer></body></html>"""


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Lula holds phone talks with Ruto", level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written by hand (Helvetica, one text line per entry)."""

    def escape(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def wrap(text: str, width: int = 70) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


class TestTextFromFile:
    @pytest.mark.parametrize("name", ["readout.txt", "readout.md", "READOUT.TXT"])
    def test_plain_text(self, name):
        data = ("\ufeff" + "\r\n\r\n".join(PARAGRAPHS)).encode("utf-8")
        text = extract.text_from_file(name, data)
        assert text.split("\n\n") == PARAGRAPHS

    def test_windows_1252_text(self):
        text = extract.text_from_file("r.txt", "Lula said \u201cpartnership\u201d matters.".encode("cp1252"))
        assert text == "Lula said \u201cpartnership\u201d matters."

    def test_html_keeps_article_and_drops_markup(self):
        text = extract.text_from_file("page.html", ARTICLE_HTML.encode("utf-8"))
        for paragraph in PARAGRAPHS:
            assert paragraph in text
        for noise in ("SECRET_SCRIPT", "MENU_ITEM", "<p>", "color:red"):
            assert noise not in text

    def test_docx(self):
        text = extract.text_from_file("readout.docx", make_docx(PARAGRAPHS))
        lines = text.split("\n")
        assert lines[0] == "Lula holds phone talks with Ruto"
        assert lines[1:] == PARAGRAPHS

    def test_pdf_reflows_wrapped_lines(self):
        lines: list[str] = []
        for paragraph in PARAGRAPHS:
            lines += wrap(paragraph)
        text = extract.text_from_file("readout.pdf", make_pdf(lines))
        assert text.split("\n\n") == PARAGRAPHS

    @pytest.mark.parametrize(("name", "data", "message"), [
        ("readout.exe", b"MZ", "cannot be read"),
        ("readout", b"text", "cannot be read"),
        ("readout.txt", b"", "empty"),
        ("readout.txt", b"  \n\n ", "no text"),
        ("readout.docx", b"not a zip file", "Word document"),
        ("readout.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("readout.pdf", make_pdf([]), "no text layer"),
        ("readout.html", b"<html><body><script>x()</script></body></html>", "no text"),
    ])
    def test_bad_files_raise_clear_value_errors(self, name, data, message):
        with pytest.raises(ValueError, match=message):
            extract.text_from_file(name, data)

    def test_size_cap(self, monkeypatch):
        monkeypatch.setattr(extract.config, "MAX_UPLOAD_MB", 1)
        with pytest.raises(ValueError, match="limit is 1 MB"):
            extract.text_from_file("big.txt", b"a" * (1024 * 1024 + 1))


class TestReflowLines:
    def test_joins_lines_and_hyphenated_words_keeps_sentence_and_paragraph_ends(self):
        text = ("The two sides agreed to co-\noperate closely with Mr.\nSmith on energy in the U.S.\nCapital "
                "in the\ncoming years.\nNext one.\n\nA new paragraph.")
        assert extract.reflow_lines(text) == ("The two sides agreed to cooperate closely with Mr. Smith on energy in "
                                              "the U.S. Capital in the coming years.\n\nNext one.\n\nA new paragraph.")


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as the cap and timeout tests want
            pass

    def _answer(self):
        routes = {
            "/readout.html": ("text/html; charset=utf-8", ARTICLE_HTML.encode("utf-8")),
            "/readout.txt": ("text/plain; charset=utf-8", "\n\n".join(PARAGRAPHS).encode("utf-8")),
            "/readout.pdf": ("application/pdf", make_pdf(sum((wrap(p) for p in PARAGRAPHS), []))),
            "/big.html": ("text/html", b"<p>" + b"word " * 400_000 + b"</p>"),
        }
        if self.path == "/slow.html":
            time.sleep(3)
        if self.path == "/undeclared-big.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"word " * 10_000 + b"</p>")
            return
        if self.path not in routes and self.path != "/slow.html":
            self.send_error(404, "Not Found")
            return
        content_type, body = routes.get(self.path, ("text/html", ARTICLE_HTML.encode("utf-8")))
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


class TestTextFromUrl:
    def test_html_page(self, server):
        text = extract.text_from_url(f"{server}/readout.html")
        assert all(p in text for p in PARAGRAPHS)
        assert "SECRET_SCRIPT" not in text and "MENU_ITEM" not in text

    @pytest.mark.parametrize("path", ["/readout.txt", "/readout.pdf"])
    def test_text_and_pdf(self, server, path):
        assert extract.text_from_url(server + path).split("\n\n") == PARAGRAPHS

    def test_not_found(self, server):
        with pytest.raises(ValueError, match="HTTP 404"):
            extract.text_from_url(f"{server}/missing.html")

    def test_declared_size_over_cap(self, server):
        with pytest.raises(ValueError, match="limit"):
            extract.text_from_url(f"{server}/big.html", limit=500_000)

    def test_streamed_size_over_cap(self, server):
        with pytest.raises(ValueError, match="larger than the limit"):
            extract.text_from_url(f"{server}/undeclared-big.html", limit=100_000)

    def test_timeout(self, server):
        started = time.monotonic()
        with pytest.raises(ValueError, match="within 1 seconds"):
            extract.text_from_url(f"{server}/slow.html", timeout=1)
        assert time.monotonic() - started < 2.5

    @pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://example.org/x", "not a url"])
    def test_bad_address(self, url):
        with pytest.raises(ValueError, match="http:// or https://"):
            extract.text_from_url(url)

    def test_nothing_listening(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with pytest.raises(ValueError, match="could not be fetched"):
            extract.text_from_url(f"http://127.0.0.1:{port}/readout.html", timeout=2)
