"""Readout text from what users bring: uploaded files (.txt, .md, .html, .docx, .pdf) and web pages by URL."""

from __future__ import annotations

import io
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import PurePath

from analysis import config

#: File name endings `text_from_file` reads.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

_USER_AGENT = "ReadoutAnalyzer/1.0 (+local analysis tool)"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]?$")
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "no.", "gen.", "sen.", "rep.", "gov.", "prof.", "jan.", "feb.",
                  "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "vs.", "etc."}


def max_bytes() -> int:
    """The size limit for one file or web page, in bytes (`config.MAX_UPLOAD_MB`)."""
    return config.MAX_UPLOAD_MB * 1024 * 1024


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _require_text(text: str, source: str) -> str:
    text = _clean(text)
    if not text:
        raise ValueError(f"{source} holds no text that could be read.")
    return text


def decode_text(data: bytes) -> str:
    """Bytes of a plain-text file as text: UTF-8 (with or without BOM), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def text_from_html(html: str | bytes, *, url: str | None = None) -> str:
    """The article text of a web page, with navigation, scripts and markup dropped.

    Uses trafilatura's main-content extraction; a page it finds no article in falls back to the text of
    its paragraphs.

    Args:
        html: the page's HTML.
        url: where it came from, if known (helps the extractor).

    Raises:
        ValueError: if the page holds no readable text.
    """
    import trafilatura

    if isinstance(html, bytes):
        html = decode_text(html)
    if not html.strip():
        raise ValueError("The web page is empty.")
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               favor_recall=True, deduplicate=False)
    if not text or len(text.split()) < 10:
        text = _paragraph_text(html) or text or ""
    return _require_text(text, "The web page")


def _paragraph_text(html: str) -> str:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types for garbage
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer"):
        bad.drop_tree()
    paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//p|//h1|//h2|//li")]
    return "\n\n".join(p for p in paragraphs if p)


def text_from_docx(data: bytes) -> str:
    """The paragraphs of a Word (.docx) document, one per line.

    Raises:
        ValueError: if the bytes are not a readable .docx file, or it has no text.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zip, XML and key errors alike
        raise ValueError("The file could not be read as a Word document (.docx); is it damaged, "
                         "or an old .doc? Save it as .docx or copy the text instead.") from exc
    lines = [p.text.strip() for p in document.paragraphs]
    return _require_text("\n".join(line for line in lines if line), "The Word document")


def reflow_lines(text: str) -> str:
    """Join the hard line breaks a PDF puts inside paragraphs, keeping sentence and paragraph ends.

    A line is joined to the next unless a blank line follows, or it ends a sentence (".", "!", "?", a closing
    quote; not "Mr." or "U.S.") and the next line starts like a sentence. A word split with a hyphen at the
    end of a line is joined back.
    """
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        paragraph = lines[0]
        for previous, line in zip(lines, lines[1:]):
            if _ends_sentence(previous) and re.match(r"[\"'“‘(\[]?[A-Z0-9]", line):
                out.append(paragraph)
                paragraph = line
            elif previous.endswith("-") and previous[-2:-1].isalpha() and line[:1].islower():
                paragraph = paragraph[:-1] + line
            else:
                paragraph += " " + line
        out.append(paragraph)
    return "\n\n".join(out)


def _ends_sentence(line: str) -> bool:
    if not _SENTENCE_END.search(line):
        return False
    last = line.split()[-1].rstrip("\"'”’)]")
    return not (last.lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+", last))


def text_from_pdf(data: bytes) -> str:
    """The text of a PDF with a text layer, line breaks inside paragraphs joined.

    Raises:
        ValueError: if the bytes are not a readable PDF, it is encrypted, or it has no text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValueError("The PDF is encrypted; remove the password or copy the text instead.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValueError:
        raise
    except (PdfReadError, OSError, KeyError, TypeError) as exc:
        raise ValueError("The file could not be read as a PDF; is it damaged? Copy the text instead.") from exc
    text = reflow_lines("\n\n".join(pages))
    if not text.strip():
        raise ValueError("The PDF has no text layer (is it a scan?); copy the text from the original instead.")
    return _require_text(text, "The PDF")


def text_from_file(name: str, data: bytes) -> str:
    """The readout text in an uploaded file, chosen by the file name's ending.

    Args:
        name: the file's name ("readout.pdf"); its suffix picks the reader.
        data: the file's bytes.

    Returns:
        Plain text with paragraphs on their own lines.

    Raises:
        ValueError: for an unsupported type, a file over the size limit, or one that cannot be read.
    """
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(f"Files of type {suffix or '(none)'!r} cannot be read; use one of: "
                         + ", ".join(SUPPORTED_SUFFIXES) + ".")
    if len(data) > max_bytes():
        raise ValueError(f"The file is {len(data) / 1e6:.1f} MB; the limit is {config.MAX_UPLOAD_MB} MB.")
    if not data:
        raise ValueError(f"The file {name!r} is empty.")
    if suffix in (".txt", ".md"):
        return _require_text(decode_text(data), "The file")
    if suffix in (".html", ".htm"):
        return text_from_html(data)
    if suffix == ".docx":
        return text_from_docx(data)
    return text_from_pdf(data)


def fetch_url(url: str, *, timeout: float | None = None, limit: int | None = None) -> tuple[bytes, str]:
    """Download a web page, giving up after `timeout` seconds in all or past `limit` bytes.

    Args:
        url: an http or https address.
        timeout: seconds for the whole download (default `config.FETCH_TIMEOUT`).
        limit: the most bytes read (default `config.MAX_UPLOAD_MB`).

    Returns:
        The body and its content type ("text/html", "application/pdf", ...).

    Raises:
        ValueError: for a bad address, an HTTP error, no answer in time, or a page over the limit.
    """
    timeout = float(timeout if timeout is not None else config.FETCH_TIMEOUT)
    limit = limit if limit is not None else max_bytes()
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"Give a web address starting with http:// or https://, not {url!r}.")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,*/*"})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ValueError(f"The page is {int(declared) / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB.")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise ValueError(f"The page at {url} did not finish loading within {timeout:g} seconds.")
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise ValueError(f"The page at {url} is larger than the limit of {limit / 1e6:.1f} MB.")
                chunks.append(chunk)
            content_type = response.headers.get_content_type() or "text/html"
    except urllib.error.HTTPError as exc:
        raise ValueError(f"The page at {url} could not be fetched: HTTP {exc.code} {exc.reason}.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ValueError(f"The page at {url} did not answer within {timeout:g} seconds.") from exc
        raise ValueError(f"The page at {url} could not be fetched: {exc.reason}.") from exc
    except TimeoutError as exc:
        raise ValueError(f"The page at {url} did not answer within {timeout:g} seconds.") from exc
    return b"".join(chunks), content_type


def text_from_url(url: str, *, timeout: float | None = None, limit: int | None = None) -> str:
    """The article text of the web page (or PDF, Word or text file) at `url`.

    Raises:
        ValueError: if it cannot be fetched in time, is too large, or holds no readable text.
    """
    data, content_type = fetch_url(url, timeout=timeout, limit=limit)
    path = urllib.parse.urlsplit(url).path.lower()
    if content_type == "application/pdf" or path.endswith(".pdf"):
        return text_from_pdf(data)
    if "wordprocessingml" in content_type or path.endswith(".docx"):
        return text_from_docx(data)
    if content_type == "text/plain" or path.endswith((".txt", ".md")):
        return _require_text(decode_text(data), "The page")
    return text_from_html(data, url=url)
