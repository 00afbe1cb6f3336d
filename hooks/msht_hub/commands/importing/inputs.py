"""What `hub import` agrees to read, checked before any converter sees the file: a .docx that
is a real Word package (not an encrypted file, an old .doc or a zip bomb), a .pdf that is a
PDF, neither larger than the import takes. Each refusal is one line (ImportFailure)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from msht_hub.commands.importing.failures import ImportFailure

SUFFIXES = (".docx", ".pdf")
MAX_FILE_BYTES = 100 * 1024 * 1024  # a guidance document is a few MB; more is a mistake or an attack
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # what a .docx may unpack to, all its parts together
MAX_RATIO = 200  # a part that unpacks to more than this many times its packed size is a bomb
MAX_PARTS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of old .doc files and of encrypted Office files


def files_to_import(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The documents named, a folder standing for the .docx and .pdf files in it (and its
    folders); and a line for each path that is not one."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))
            if not inside:
                problems.append(f"{path}: has no .docx or .pdf files")
            found.extend(inside)
        elif not path.exists():
            problems.append(f"{path}: not found")
        elif path.suffix.lower() not in SUFFIXES:
            hint = "; save it as .docx first" if path.suffix.lower() in (".doc", ".rtf", ".odt") else ""
            problems.append(f"{path}: is a '{path.suffix or 'no extension'}' file; hub import reads .docx and .pdf{hint}")
        else:
            found.append(path)
    return found, problems


def check_file(path: Path) -> str:
    """The kind of the file, 'docx' or 'pdf', or ImportFailure saying why it is not read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFailure(f"is {size / 1024 / 1024:.0f} MB; hub import takes files up to {MAX_FILE_BYTES // 1024 // 1024} MB")
    if size == 0:
        raise ImportFailure("is empty")
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if path.suffix.lower() == ".pdf":
        if b"%PDF-" not in head:
            raise ImportFailure("is not a PDF (it does not start as one); check the file or its extension")
        return "pdf"
    if head.startswith(_OLE):
        raise ImportFailure("is encrypted (password-protected) or an old Word .doc renamed .docx; "
                            "remove the password or save it as .docx in Word, then import it again")
    if not head.startswith(b"PK"):
        raise ImportFailure("is not a Word .docx (it is not a zip package); check the file or its extension")
    _check_package(path)
    return "docx"


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise ImportFailure(f"has {len(parts)} parts inside; a Word document has far fewer (a zip bomb?)")
            names = {part.filename for part in parts}
            if "word/document.xml" not in names:
                raise ImportFailure("is a zip file but not a Word document (no word/document.xml)")
            total = 0
            for part in parts:
                total += part.file_size
                if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(1, part.compress_size):
                    raise ImportFailure(f"has a part ({part.filename}) that unpacks to {part.file_size // 1024 // 1024} MB "
                                        f"from {part.compress_size // 1024} KB (a zip bomb?); it was not unpacked")
            if total > MAX_UNPACKED_BYTES:
                raise ImportFailure(f"unpacks to {total // 1024 // 1024} MB; hub import takes documents up to "
                                    f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB unpacked")
            bad = archive.testzip()
            if bad is not None:
                raise ImportFailure(f"is damaged: the part {bad} fails its checksum")
    except zipfile.BadZipFile as error:
        raise ImportFailure(f"is damaged or not a .docx ({error})") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as error:
        raise ImportFailure(f"is damaged and cannot be unpacked ({error})") from None
