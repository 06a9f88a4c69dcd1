"""Evidence files of rectifications: recognised by their first bytes (never by the name),
kept in the instance folder under their SHA-256, served under a name made safe here."""
from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path

# kind -> (extension, MIME type)
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "jpg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
_ZIP_PARTS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
_MAX_ZIP_MEMBERS = 5000
_SAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def kind_of(data: bytes) -> str | None:
    """"pdf", "jpg", "png", "xlsx" or "docx" from the content; None for anything else (an
    executable renamed .pdf, a zip that is no Office document, a script)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    """An Office Open XML package: the zip's directory names its parts (nothing is
    decompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_MEMBERS:
                return None
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in _ZIP_PARTS.items():
        if part in names:
            return kind
    return None


def folder(instance_path: str) -> Path:
    return Path(instance_path) / "subsidy" / "evidence"


def store(instance_path: str, data: bytes) -> str:
    """Write the file under its SHA-256 (once: the same content is kept once); the digest."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder(instance_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / digest
    if not path.exists():
        partial = target / f".{digest}.{os.getpid()}.part"
        partial.write_bytes(data)
        os.replace(partial, path)
    return digest


def path_of(instance_path: str, digest: str) -> Path | None:
    """The stored file of a digest; None when the digest is malformed or the file is gone."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return None
    path = folder(instance_path) / digest
    return path if path.is_file() else None


def clean_name(filename: str) -> str:
    """The uploaded name as metadata: the last path part, no control characters, at most
    200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200]


def download_name(filename: str, kind: str, fallback: str) -> str:
    """A safe name to send: letters (Chinese too), digits, '.', '-' and '_' of the uploaded
    name's stem, and the extension of the content's kind (never the uploaded one)."""
    stem = clean_name(filename).rsplit(".", 1)[0]
    stem = _SAFE.sub("_", unicodedata.normalize("NFC", stem)).strip("._")[:80]
    return f"{stem or fallback}.{KINDS[kind][0]}"
