"""What an uploaded file really is (sniffed from its bytes, never from its name), and its text.

Documents: plain text, Markdown, HTML, PDF, DOCX, CSV. Media: JPEG, PNG, GIF, WebP images
(through Pillow) and MP4/MOV video (ISO base media boxes read here).
"""

from __future__ import annotations

import csv
import io
import re
import struct
import warnings
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from models.knowledge import KnowledgeFileType
from models.media import MediaFormat, MediaKind

T = KnowledgeFileType

CONTENT_TYPES: dict[KnowledgeFileType, str] = {
    T.TEXT: "text/plain; charset=utf-8",
    T.MARKDOWN: "text/markdown; charset=utf-8",
    T.HTML: "text/html; charset=utf-8",
    T.PDF: "application/pdf",
    T.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    T.CSV: "text/csv; charset=utf-8",
}
MEDIA_CONTENT_TYPES: dict[MediaFormat, str] = {
    MediaFormat.JPEG: "image/jpeg",
    MediaFormat.PNG: "image/png",
    MediaFormat.GIF: "image/gif",
    MediaFormat.WEBP: "image/webp",
    MediaFormat.MP4: "video/mp4",
    MediaFormat.MOV: "video/quicktime",
}
MEDIA_SUFFIXES: dict[MediaFormat, str] = {
    MediaFormat.JPEG: ".jpg",
    MediaFormat.PNG: ".png",
    MediaFormat.GIF: ".gif",
    MediaFormat.WEBP: ".webp",
    MediaFormat.MP4: ".mp4",
    MediaFormat.MOV: ".mov",
}


class ExtractionError(Exception):
    """The file is of a supported type but its content cannot be read."""


# Sniffing documents


def _decode_text(data: bytes) -> str | None:
    """The text of `data` if it is text (UTF-8, or UTF-16 with a byte order mark)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # Text files hold few control characters other than whitespace.
    controls = sum(1 for ch in text[:20_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if controls > 8 else text


_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(p|div|h[1-6]|article|section|ul|ol|li|table|span|a)\b[^>]*>", re.I)
_MD_MARKERS = re.compile(r"^(#{1,6} \S|[-*+] \S|\d+\. \S|> \S|```)", re.M)


def _is_delimited(text: str) -> bool:
    """At least two rows with the same number (≥ 2) of comma/semicolon/tab separated columns."""
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return False
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    if len(lines) < 2:
        return False
    rows = list(csv.reader(lines[:-1] if len(lines) == 50 else lines, dialect))
    widths = {len(r) for r in rows}
    return len(widths) == 1 and widths.pop() >= 2


def sniff_document(data: bytes, filename: str = "") -> KnowledgeFileType | None:
    """The document type of `data`, or None when it is not one we read.

    Binary formats are recognised by their signature. Text must decode; among text types the
    content decides HTML, and the name only chooses between plain text, Markdown and CSV —
    a CSV must also parse as consistently delimited rows.
    """
    name = filename.lower()
    if data.startswith(b"%PDF-"):
        return T.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        return T.DOCX if "word/document.xml" in names else None
    text = _decode_text(data)
    if text is None or not text.strip():
        return None if text is None else T.TEXT
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return T.HTML
    if name.endswith((".csv", ".tsv")) and _is_delimited(text):
        return T.CSV
    if name.endswith((".md", ".markdown")) or len(_MD_MARKERS.findall(head)) >= 2:
        return T.MARKDOWN
    return T.TEXT


# Extracting text


class _HTMLText(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    BLOCK = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
         "section", "article", "header", "footer", "blockquote", "pre", "hr", "title"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self.skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    body = "".join(parser.parts)
    title = parser.title.strip()
    return (title + "\n\n" + body) if title and title not in body else body


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractionError("The PDF is password-protected.")
            pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError("The PDF could not be read (its structure is cyclic).") from exc
    except Exception as exc:
        # A damaged file makes pypdf raise nearly anything (IndexError, zlib.error,
        # struct.error, …); every one of them means "unreadable", never a crashed job.
        raise ExtractionError(f"The PDF could not be read ({type(exc).__name__}: {exc}).") from exc
    return "\n\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    except Exception as exc:
        # Broken zips, missing parts and malformed XML (lxml's XMLSyntaxError) alike.
        raise ExtractionError(f"The DOCX could not be read ({type(exc).__name__}).") from exc
    return "\n".join(lines)


def _csv_text(text: str) -> str:
    """Each row as `header: value; …`, so a passage keeps the meaning of its columns."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        return ""
    header, body = rows[0], rows[1:]
    if not body:
        return ", ".join(header)
    lines = []
    for row in body:
        pairs = [
            f"{(header[i] if i < len(header) else f'column {i + 1}').strip()}: {cell.strip()}"
            for i, cell in enumerate(row)
            if cell.strip()
        ]
        lines.append("; ".join(pairs))
    return "\n".join(lines)


def extract_text(data: bytes, file_type: KnowledgeFileType) -> str:
    """The readable text of a document; raises ExtractionError when it cannot be read."""
    if file_type == T.PDF:
        text = _pdf_text(data)
    elif file_type == T.DOCX:
        text = _docx_text(data)
    else:
        decoded = _decode_text(data)
        if decoded is None:
            raise ExtractionError("The file is not valid UTF-8 text.")
        if file_type == T.HTML:
            text = _html_text(decoded)
        elif file_type == T.CSV:
            text = _csv_text(decoded)
        else:
            text = decoded
    text = normalize_whitespace(text)
    if not text:
        raise ExtractionError(
            "No text could be extracted (a scanned PDF needs OCR, which is not supported)."
        )
    return text


def normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# Media


@dataclass(frozen=True)
class MediaInfo:
    kind: MediaKind
    format: MediaFormat
    width: int | None
    height: int | None
    duration_ms: int | None

    @property
    def content_type(self) -> str:
        return MEDIA_CONTENT_TYPES[self.format]


_PIL_FORMATS = {"JPEG": MediaFormat.JPEG, "PNG": MediaFormat.PNG, "GIF": MediaFormat.GIF,
                "WEBP": MediaFormat.WEBP}  # fmt: skip


def _image_info(data: bytes) -> MediaInfo | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(_PIL_FORMATS)) as image:
                fmt = _PIL_FORMATS.get(image.format or "")
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None
    if fmt is None:
        return None
    return MediaInfo(MediaKind.IMAGE, fmt, width, height, None)


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, box end) of the ISO-BMFF boxes in data[start:end]."""
    found = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                break
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            break
        found.append((kind, pos + header, pos + size))
        pos += size
    return found


def _video_info(data: bytes) -> MediaInfo | None:
    top = _boxes(data, 0, len(data))
    if not top or top[0][0] != b"ftyp":
        return None
    _, ftyp_start, ftyp_end = top[0]
    brands = {data[i : i + 4] for i in range(ftyp_start, ftyp_end, 4) if i != ftyp_start + 4}
    major = data[ftyp_start : ftyp_start + 4]
    fmt = MediaFormat.MOV if major == b"qt  " else MediaFormat.MP4
    if fmt == MediaFormat.MP4 and not brands & {
        b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
        b"dash", b"MSNV", b"3gp4", b"3gp5", b"3g2a",
    }:  # fmt: skip
        return None
    width = height = duration = None
    for kind, start, end in top:
        if kind != b"moov":
            continue
        for child, cstart, cend in _boxes(data, start, end):
            if child == b"mvhd" and cend - cstart >= 20:
                version = data[cstart]
                if version == 1 and cend - cstart >= 32:
                    timescale, length = struct.unpack(">IQ", data[cstart + 20 : cstart + 32])
                else:
                    timescale, length = struct.unpack(">II", data[cstart + 12 : cstart + 20])
                if timescale:
                    duration = int(length * 1000 / timescale)
            if child == b"trak" and width is None:
                for sub, sstart, send in _boxes(data, cstart, cend):
                    if sub == b"tkhd" and send - sstart >= 84:
                        w, h = struct.unpack(">II", data[send - 8 : send])
                        if w and h:
                            width, height = w >> 16, h >> 16
    return MediaInfo(MediaKind.VIDEO, fmt, width, height, duration)


def sniff_media(data: bytes) -> MediaInfo | None:
    """Kind, format and dimensions of an image or video, read from its bytes; None when it
    is neither a readable JPEG/PNG/GIF/WebP image nor an MP4/MOV video."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return _video_info(data)
    return _image_info(data)
