"""Read fixture files in markdown-it's format: title / `.` / input / `.` / expected / `.`.

Error fixtures describe changes to the base course in tests/fixtures/base/:
`=== path` followed by lines replaces (or creates) a whole file, `=== path -` deletes it, and
`=== path ~ OLD => NEW` replaces the first OLD with NEW (`\\n` is a newline, `\\xff` a raw byte).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Case:
    """One fixture case."""

    title: str
    input: str
    expected: str
    line: int


def read_cases(path: Path) -> list[Case]:
    """Every case of a fixture file, in order."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, index = [], 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        start = index
        title = lines[index]
        assert lines[index + 1] == ".", f"{path}:{index + 2}: expected '.' after the title"
        index += 2
        parts: list[list[str]] = [[], []]
        for part in parts:
            while lines[index] != ".":
                part.append(lines[index])
                index += 1
            index += 1
        cases.append(Case(title, "\n".join(parts[0]), "\n".join(parts[1]), start + 1))
    return cases


def unescape(text: str) -> bytes:
    """`\\n` -> newline, `\\xHH` -> the raw byte 0xHH (`\\xff`, `\\x00`)."""
    data = text.replace("\\n", "\n").encode("utf-8")
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m[1], 16)]), data)


def apply_changes(root: Path, changes: str) -> None:
    """Apply a case's `===` operations to a copy of the base course at `root`."""
    operations: list[tuple[str, list[str]]] = []
    for line in changes.split("\n"):
        if line.startswith("=== "):
            operations.append((line[4:], []))
        elif operations:
            operations[-1][1].append(line)
    for header, body in operations:
        if " ~ " in header:
            name, _, replacement = header.partition(" ~ ")
            old, _, new = replacement.partition(" =>")
            new = new[1:] if new.startswith(" ") else new
            path = root / name
            data = path.read_bytes()
            assert unescape(old) in data, f"{old!r} not in {name}"
            path.write_bytes(data.replace(unescape(old), unescape(new), 1))
        elif header.endswith(" -"):
            (root / header[:-2]).unlink()
        else:
            path = root / header
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(body) + "\n", encoding="utf-8")


def make_course(tmp_path: Path, changes: str = "") -> Path:
    """A copy of the base course with the changes applied."""
    root = tmp_path / "course-root"
    shutil.copytree(FIXTURES / "base", root)
    apply_changes(root, changes)
    return root
