"""Fonts for the language cards, from the machine's Debian font packages, cut down to the
characters the published cards use and served by the hub itself (no web font service).

Every character of every published translation is given to the first installed Noto Sans
font whose character map holds it (Noto Sans first, then the font named after the
character's script, then any other Noto Sans); a character no installed font holds stops the
build, naming the file, the field and the Debian package to install. Each font is subset to
its characters (fontTools, keeping the layout features that join Arabic letters) and written as
WOFF2 beside one stylesheet of `@font-face` rules with their `unicode-range`s."""
from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from msht_hub.reading import render_cache
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.language_card import LanguageCard
from msht_hub.reading.problems import Problem

FONT_DIRS = (Path("/usr/share/fonts"),)  # Debian's; HUB_FONT_DIRS (separated by ':') overrides
FAMILY = "Hub Language Card"
FOLDER = "assets/hub/fonts"
STYLESHEET = f"{FOLDER}/cards.css"
WRITES = {f"{FOLDER}/": "the language cards' fonts"}  # the paths this output writes (outputs/paths.py)
ALWAYS = " 0123456789.,:;!?()-'\"/"  # punctuation and digits any statement may carry
PACKAGES = {"CJK": "fonts-noto-cjk", "HANGUL": "fonts-noto-cjk", "HIRAGANA": "fonts-noto-cjk", "KATAKANA": "fonts-noto-cjk"}
SCRIPT_FONTS = {"CJK": "NotoSansCJK", "HANGUL": "NotoSansCJK", "HIRAGANA": "NotoSansCJK", "KATAKANA": "NotoSansCJK",
                "TIFINAGH": "NotoSansTifinagh", "NKO": "NotoSansNKo"}


@dataclass(frozen=True)
class Face:
    """One installed font and the characters of the cards it draws."""
    file: Path
    chars: str

    @property
    def stem(self) -> str:
        return self.file.name.split(".")[0]


def font_dirs() -> list[Path]:
    configured = os.environ.get("HUB_FONT_DIRS")
    return [Path(part) for part in configured.split(os.pathsep) if part] if configured else list(FONT_DIRS)


@lru_cache(maxsize=4)
def _installed(dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """Regular Noto Sans fonts under the folders: Noto Sans itself first."""
    found = sorted({path for folder in dirs if folder.is_dir() for pattern in ("NotoSans*-Regular.tt[fc]", "NotoSans*-Regular.otf")
                    for path in folder.rglob(pattern) if "Mono" not in path.name and "Display" not in path.name},
                   key=lambda path: (path.stem != "NotoSans-Regular", not path.name.startswith("NotoSansCJK-"), path.name))
    return tuple(found)


@lru_cache(maxsize=1024)  # every installed Noto Sans font's map, read once per process
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def _script_word(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


def _candidates(char: str, fonts: tuple[Path, ...]) -> Iterator[Path]:
    """Noto Sans, then the font named after the character's script, then every other one."""
    script = _script_word(char)
    named = SCRIPT_FONTS.get(script, "NotoSans" + script.title().replace("-", ""))
    yield from (path for path in fonts if path.stem == "NotoSans-Regular")
    yield from (path for path in fonts if path.stem.split("-")[0] == named)
    yield from fonts


def card_texts(catalogue: Catalogue) -> Iterator[tuple[str, str, str]]:
    """(file, field, text) of every translated text the build publishes."""
    for doc in sorted(catalogue.published.values(), key=lambda doc: doc.src_uri):
        if isinstance(doc.meta, LanguageCard):
            for index, language in enumerate(doc.meta.languages):
                for field, text in language.texts():
                    yield doc.shown_path, f"languages[{index}].{field}", text


def plan_faces(texts: Iterable[tuple[str, str, str]], dirs: list[Path] | None = None) -> tuple[list[Face], list[Problem]]:
    """Which installed font draws each character, and a problem for each character none draws."""
    fonts = _installed(tuple(dirs if dirs is not None else font_dirs()))
    chosen: dict[Path, set[str]] = {}
    problems: list[Problem] = []
    used: dict[str, tuple[str, str]] = {}
    for path, field, text in texts:
        for char in text:
            used.setdefault(char, (path, field))
    if not used:
        return [], []
    for char in ALWAYS:
        used.setdefault(char, ("", ""))
    for char, (path, field) in used.items():
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            continue  # controls and format marks (a zero-width joiner) draw nothing of their own
        font = next((candidate for candidate in _candidates(char, fonts) if ord(char) in _cmap(candidate)), None)
        if font is not None:
            chosen.setdefault(font, set()).add(char)
        elif path:
            package = PACKAGES.get(_script_word(char), "fonts-noto-core")
            problems.append(Problem(path, field, f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) is in no installed Noto Sans "
                                                 f"font under {', '.join(map(str, dirs or font_dirs()))}; install Debian's {package} "
                                                 f"(apt-get install {package}) or set HUB_FONT_DIRS"))
    return [Face(font, "".join(sorted(chars))) for font, chars in chosen.items()], problems


def font_problems(catalogue: Catalogue) -> list[Problem]:
    return plan_faces(card_texts(catalogue))[1]


def unicode_range(chars: str) -> str:
    points = sorted({ord(char) for char in chars})
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(f"U+{start:X}" if start == end else f"U+{start:X}-{end:X}" for start, end in runs)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def subset_woff2(face: Face) -> bytes:
    """The face cut to its characters, as WOFF2; kept in the render cache's folder ("fonts")
    under a digest of the font file's bytes, the characters, fontTools' and brotli's versions
    and the hub's code, so a build cuts a font again only when one of those changed."""
    cache = render_cache.active()
    folder = cache.beside("fonts") if cache is not None else None
    if cache is None or folder is None:
        return _subset(face.file, face.chars)
    key = hashlib.sha256("\0".join([cache.code, *_FONT_TOOLS, render_cache.file_digest(face.file) or "-", face.chars]).encode()).hexdigest()
    kept = folder / f"{key}.woff2"
    try:
        data = kept.read_bytes()
        os.utime(kept)
        return data
    except OSError:
        pass
    data = _subset(face.file, face.chars)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        kept.with_suffix(".part").write_bytes(data)
        os.replace(kept.with_suffix(".part"), kept)
        for old in sorted(folder.glob("*.woff2"), key=lambda path: path.stat().st_mtime)[:-KEPT_FONTS]:
            old.unlink()
    except OSError:
        pass  # not kept: cut again next time
    return data


KEPT_FONTS = 32  # cut fonts kept (the newest used)
_FONT_TOOLS = [f"{name}={_version(name)}" for name in ("fonttools", "brotli")]


@lru_cache(maxsize=32)  # the preview rebuilds in one process: a font is cut again only when its characters change
def _subset(file: Path, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"  # needs brotli
    # fontTools' default layout features are those text shaping needs (Arabic joining forms,
    # ligatures, marks, kerning); a test compares the subset's shaping with the whole font's.
    options.notdef_outline = True
    font = TTFont(str(file), fontNumber=0, recalcTimestamp=False)  # the font's own date, not the build's: the same bytes every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def print_font_rules(catalogue: Catalogue, selector: str = ".tear-out .own") -> str:
    """The same fonts for a printed booklet: the installed files themselves (the PDF embeds its
    own subset), one family each, in the order the characters were given to them. WeasyPrint
    draws a family with several `unicode-range` faces with one face's glyph numbers in another
    face's outlines, so each face is a family of its own and the fallback goes by coverage."""
    faces, _ = plan_faces(card_texts(catalogue))
    rules = [f'@font-face {{ font-family: "{FAMILY} {number}"; src: url("{face.file.resolve().as_uri()}"); }}'
             for number, face in enumerate(faces)]
    families = ", ".join(f'"{FAMILY} {number}"' for number in range(len(faces)))
    return "\n".join([*rules, f'{selector} {{ font-family: {families + ", " if families else ""}"DejaVu Sans", sans-serif; }}'])


def write_card_fonts(site: Path, catalogue: Catalogue) -> list[str]:
    """Write the subset fonts and their stylesheet into the site; return the paths written."""
    faces, problems = plan_faces(card_texts(catalogue))
    if problems:
        raise ValueError(str(problems[0]))
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rules, written = [], []
    for face in faces:
        data = subset_woff2(face)
        name = f"{face.stem}.{hashlib.sha256(data).hexdigest()[:10]}.woff2"
        (folder / name).write_bytes(data)
        written.append(f"{FOLDER}/{name}")
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; src: url("{name}") format("woff2"); font-display: swap; '
                     f"unicode-range: {unicode_range(face.chars)}; }}")
    (site / STYLESHEET).write_text(f"/* Subsets of {', '.join(face.file.name for face in faces) or 'no font'}: the characters of the published language cards. */\n"
                                   + "\n".join(rules) + "\n", encoding="utf-8")
    return [STYLESHEET, *written]
