"""The runtime files a learner downloads, made from the sources in `templates/runtime/`.

`course.js` is the pure engine (`engine.js`), the page's UI (`course.js`) and the content
blocks' script (`blocks.js`), so every output keeps loading one script. Scripts and styles ship
minified: the JSDoc that types and explains the sources is most of their size, and the runtime's
JS and CSS must stay within 40 KB gzipped (tests/test_runtime.py).

Scripts ship as `templates/runtime/min/` holds them: made by terser (`node scripts/minify_runtime.mjs`,
a step of whoever edits the runtime, since the build needs no Node), which renames local variables
and keeps function names, so a learner's stack trace still names the functions of the sources. A
copy ships only while the SHA-256 on its first line is its source's; a source changed since (an
edit not yet minified) is minified here by rjsmin, which only drops comments and white space: the
build stays right, only larger, and tests/test_runtime.py fails until the copies are made again.
Style sheets: rcssmin. Both are as deterministic as the sources.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin

RUNTIME_BUNDLES = {"course.js": ("engine.js", "course.js", "blocks.js", "nav.js", "home.js")}
"""Shipped runtime files made of several sources, in order: the pure engine, the page's UI, the
content blocks' script, then lessons and the outline (nav.js) and completion (home.js), which read
what the UI set up; so every output that ships the runtime (site, packages, single file) ships them
without a file list of its own."""

MINIFIED_FOLDER = "min"
MADE_FROM_RE = re.compile(r"// sha256 ([0-9a-f]{64}) of ")
"""The first line of a minified copy (scripts/minify_runtime.mjs): the SHA-256 of its source."""

LINE_COMMENT_RE = re.compile(r"^\s*//")
BLOCK_START_RE = re.compile(r"^\s*/\*")


def runtime_text(folder: Path, name: str, kinds: str = "") -> str:
    """The text of the shipped runtime file `name`, joined from its sources in `folder`; `kinds`
    (plug-in kinds' entries) follows the engine, so the UI finds them when it restores answers."""
    texts = [shipped_part(folder, part) for part in RUNTIME_BUNDLES.get(name, (name,))]
    return "\n".join(texts[:1] + ([minified(name, kinds).strip("\n")] if kinds else []) + texts[1:])


def shipped_part(folder: Path, part: str) -> str:
    """One source of a runtime file as it ships: its minified copy while that was made from it (see
    the module's docstring), else the source minified here."""
    source = (folder / part).read_text(encoding="utf-8")
    copy = folder / MINIFIED_FOLDER / part
    if copy.is_file():
        first, _, code = copy.read_text(encoding="utf-8").partition("\n")
        made_from = MADE_FROM_RE.match(first)
        if made_from and made_from[1] == hashlib.sha256(source.encode("utf-8")).hexdigest():
            return code.strip("\n")
    return minified(part, source).strip("\n")


def minified(name: str, text: str) -> str:
    """`text` of the runtime file `name` without comments and the whitespace code does not need.
    Whole-line comments go first: rjsmin would keep the line breaks around them."""
    if name.endswith(".js"):
        return rjsmin.jsmin(without_comment_lines(text))
    if name.endswith(".css"):
        return rcssmin.cssmin(text)
    return text


def without_comment_lines(js: str) -> str:
    """`js` without the lines that hold only a comment (`// …`, or a `/* … */` block that starts its
    line and ends at a line's end). A line with code before or after a comment is kept whole."""
    kept, in_block = [], False
    for line in js.split("\n"):
        if in_block:
            in_block = "*/" not in line
            if not in_block and line[line.find("*/") + 2:].strip():
                kept.append(line[line.find("*/") + 2:])  # code after the block's end (never seen in our style)
            continue
        if LINE_COMMENT_RE.match(line):
            continue
        if BLOCK_START_RE.match(line):
            end = line.find("*/")
            if end < 0:
                in_block = True
                continue
            if line.rstrip().endswith("*/") and line.count("*/") == 1:
                continue
        kept.append(line)
    return "\n".join(kept)
