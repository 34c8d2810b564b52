"""The two gates of the file system: everything the build reads comes in through `read_source`,
everything it writes goes out through `output_path`.

Reading: a source or asset must be a regular file inside the course folder. A symlink that
resolves outside it, a folder, a FIFO (which would block the build forever), a device, a link
loop or an unreadable file is refused with a message that says which it is. The file is opened
non-blocking and checked on the open descriptor, so nothing swapped in after a check can hang us.

Writing: every output file is named relative to the folder being staged; a name that is absolute,
climbs with `..`, holds control characters or is a device name some systems reserve is refused,
whatever value it was made from (the values are validated at load too; this is the last line).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Callable

from builder.svg import svg_problem

ASSET_TYPES = {
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image", ".avif": "image",
    ".svg": "image",
    ".pdf": "document", ".txt": "text", ".csv": "text", ".vtt": "subtitles",
    ".mp3": "audio", ".ogg": "audio", ".oga": "audio", ".wav": "audio", ".m4a": "audio", ".opus": "audio",
    ".mp4": "video", ".webm": "video", ".ogv": "video",
}
"""Inert asset types a course may ship (nothing a browser would run when the file is opened)."""

SIGNATURES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    ".png": ("PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".gif": ("GIF", lambda data: data[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("WebP", lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP"),
    ".avif": ("AVIF", lambda data: data[4:8] == b"ftyp"),
    ".svg": ("SVG", lambda data: b"<svg" in data or b":svg" in data),  # (after any prolog, comment or DOCTYPE)
    ".pdf": ("PDF", lambda data: data.lstrip()[:5] == b"%PDF-"),
}
"""What a file of each type starts with: an empty or damaged file, or one of another type renamed,
passed the checks and broke the page's image, or the handouts' layout with a message naming
neither the file nor the line that uses it."""

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
RESERVED_DEVICE_NAMES = {
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)),
}
"""Names Windows will not let a file have (an LMS or a learner unzips packages there)."""

MAX_NAME = 200
"""The longest output file name (file systems allow 255 bytes; Cyrillic takes two each)."""


class Refused(Exception):
    """A file the gate will not read or a name it will not write; `message` and `hint` say why."""

    def __init__(self, message: str, hint: str, code: str = "file.kind") -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


def relative(path: Path, root: Path) -> str:
    """A path as diagnostics show it: relative to the course root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class NotUtf8(Exception):
    """Bytes that are not UTF-8: where the first bad byte is (1-based line and column, in characters)
    and how to save them right."""

    def __init__(self, line: int, col: int, hint: str) -> None:
        super().__init__(hint)
        self.line, self.col, self.hint = line, col, hint


def utf8_text(data: bytes) -> str:
    """`data` decoded as UTF-8 (a leading BOM dropped, CRLF read as LF), or `NotUtf8`."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        start += 3 if start == 0 and data.startswith(b"\xef\xbb\xbf") else 0  # (a BOM is no column)
        column = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise NotUtf8(data.count(b"\n", 0, exc.start) + 1, column, encoding_hint(data)) from None


def encoding_hint(data: bytes) -> str:
    """How to save a file that is not UTF-8 as UTF-8, naming the encoding it most likely is in: a
    Russian text saved by an older Windows editor is Windows-1251, by Notepad's «Unicode», UTF-16."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data.count(b"\x00") > len(data) // 4:
        found, name = "UTF-16", "utf-16"
    else:
        upper = [i for i, byte in enumerate(data) if byte >= 0x80]
        # Windows-1251 puts the Cyrillic letters at 0xC0-0xFF, ё at 0xB8/0xA8, and a Russian word is a
        # run of them; a Latin-1 text («Café, déjà») has such letters one by one among ASCII ones. (Not
        # a count against ASCII letters: a quiz file's keys and ids outnumbered its Russian, author audit.)
        cyrillic = sum(1 for i in upper if data[i] >= 0xC0 or data[i] in (0xA8, 0xB8))
        in_runs = sum(1 for i in upper if data[i - 1:i] >= b"\x80" or data[i + 1:i + 2] >= b"\x80")
        if not upper or cyrillic < 0.8 * len(upper) or in_runs < 0.6 * len(upper):
            return "save the file as UTF-8"
        found, name = "Windows-1251", "cp1251"
    return (f"save the file as UTF-8: it looks like {found} (an editor's «Save with encoding», "
            f"or iconv -f {name} -t utf-8 old > new)")


def file_kind(mode: int) -> str:
    """`a folder`, `a FIFO (named pipe)`, … for a stat mode that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def resolve_inside(path: Path, root: Path) -> Path:
    """The real path of `path`, which must exist and lie inside `root` (both may be symlinks)."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise Refused(f"{path.name} is a symlink to {os.readlink(path)}, which does not exist",
                          "fix or remove the link") from None
        raise Refused("file not found", "create it, or fix the name that points at it", "file.missing") from None
    except (RuntimeError, OSError) as exc:  # a link loop: RuntimeError before Python 3.13, OSError(ELOOP) since
        if isinstance(exc, OSError) and exc.errno not in (errno.ELOOP, None):
            raise Refused(f"cannot be read: {exc.strerror}", "check the file's permissions") from None
        raise Refused(f"{path.name} is a symlink loop", "replace the link with the file itself") from None
    if not real.is_relative_to(root.resolve()):
        raise Refused(f"{path.name} is a link to {real}, outside the course folder",
                      "copy the file into the course instead of linking it")
    return real


def read_source(path: Path, root: Path) -> bytes:
    """The bytes of a regular file inside `root`, or `Refused` saying what it is instead."""
    real = resolve_inside(path, root)
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise Refused("cannot be read: permission denied", "make the file readable (chmod a+r)") from None
    except IsADirectoryError:
        raise Refused("is a folder, not a file",
                      "remove the folder or rename it so it does not end in a source suffix") from None
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}", "check the file") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise Refused(f"is {file_kind(mode)}, not a file", "remove it, or replace it with a regular file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise Refused(f"cannot be read: {exc.strerror}", "check the file") from None


def is_inside(name: str) -> bool:
    """A name an author wrote for a file: relative, with no `..` segment (checked before anything is
    looked up, so no name reads outside its folder)."""
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts


def lookup_error(path: Path) -> str | None:
    """What the file system says when it cannot even look a named path up (a name longer than it
    takes: ENAMETOOLONG), or None. `Path.exists` raises for those instead of answering no, so every
    name an author writes is looked up here first."""
    try:
        path.is_symlink()
        path.exists()
    except OSError as error:
        return error.strerror or type(error).__name__
    return None


def shown_name(name: str, limit: int = 60) -> str:
    """A name as a message quotes it: a name too long to look up would fill the screen."""
    return name if len(name) <= limit else name[:limit] + "…"


def check_asset(path: Path, root: Path) -> None:
    """An asset must pass the reading gate and be of an inert type (an SVG without scripts)."""
    kind = ASSET_TYPES.get(path.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted(ASSET_TYPES))
        raise Refused(f"'{path.name}' is not a type a course may ship",
                      f"use an image, PDF, audio, video or text file ({allowed})", "asset.type")
    data = read_source(path, root)
    kind_name, starts_right = SIGNATURES.get(path.suffix.lower(), ("", lambda data: True))
    if not starts_right(data):
        problem = "is empty" if not data else f"does not read as {kind_name} (damaged, or another type renamed)"
        raise Refused(f"'{path.name}' {problem}", f"save or export the file again as {kind_name}", "asset.type")
    problem = svg_problem(data) if path.suffix.lower() == ".svg" else None
    if problem:
        raise Refused(f"'{path.name}' {problem}",
                      "export a plain SVG (no scripts, links to other files or outside styles), or use a PNG",
                      "asset.type")


def unshippable(name: str) -> str | None:
    """Why an asset's name (`assets/x.png`) cannot name a file in a package or the site, or None: the
    build refused it only when writing, with a message naming neither the file nor its line."""
    if "\\" in name:
        return "it holds a backslash, which Windows and zip tools read as a folder"
    if CONTROL_RE.search(name):
        return "it holds a control character (a line break or a tab)"
    for part in PurePosixPath(name).parts:
        if part.split(".")[0].lower() in RESERVED_DEVICE_NAMES:
            return f"Windows keeps the name '{part.split('.')[0]}' for a device"
        if len(part.encode()) > MAX_NAME:
            return f"a name takes at most {MAX_NAME} bytes in a package, and this one has {len(part.encode())}"
    return None


def check_output_name(name: str) -> str:
    """A relative output name with no way out of its folder, or `Refused`."""
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise Refused(f"output name {name!r} would leave the output folder",
                      "this is a bug in course if the sources were valid")
    if CONTROL_RE.search(name):
        raise Refused(f"output name {name!r} holds a control character",
                      "remove line breaks and tabs from ids and the version")
    for part in pure.parts:
        if part.split(".")[0].lower() in RESERVED_DEVICE_NAMES or len(part.encode()) > MAX_NAME:
            raise Refused(f"output name {part!r} is reserved or too long",
                          "shorten or rename the id or version it comes from")
    return name


def output_path(folder: Path, name: str) -> Path:
    """`folder/name` after checking `name` (the one way a target names a file it writes)."""
    return folder / check_output_name(name)


def without_txt(name: str) -> str:
    """`03-triage.md` of `03-triage.md.txt`; any other name as it is."""
    return name[:-len(".txt")] if name.lower().endswith(".txt") else name


def meant_name(name: str, suffix: str) -> str:
    """The name a file not read for its name was meant to have: `03-triage.md` of `03-triage.MD`."""
    return Path(without_txt(name)).stem + suffix
