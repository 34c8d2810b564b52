"""The learner runtime's own checks, run from pytest so the README's test command covers them:
the engine's unit tests (Node's built-in runner), its JSDoc types (`tsc --checkJs`), its size, and
that the minified copies it ships are made from the sources as they are (scripts/minify_runtime.mjs).

Node, TypeScript and terser come with the test LMS's npm packages (`scripts/test` runs `npm ci` in tests/lms).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

from builder.runtime_bundle import (MINIFIED_FOLDER, RUNTIME_BUNDLES, minified, runtime_text, shipped_part,
                                    without_comment_lines)
from builder.targets.pages import runtime_file, shipped_runtime_names, templates_root

REPO = Path(__file__).resolve().parents[1]
RUNTIME_TESTS = REPO / "tests" / "runtime"
TSC = REPO / "tests" / "lms" / "node_modules" / ".bin" / "tsc"
RUNTIME_BUDGET = 40 * 1024
"""Bytes the runtime a learner downloads may take gzipped (JS and CSS): issue 13's budget."""


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is missing: scripts/test installs the test LMS's packages with npm, which needs it"
    return found


def run(*command: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))


def test_the_engine_passes_its_node_unit_tests():
    done = run(node(), "--test", RUNTIME_TESTS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# pass 0" not in done.stdout


def test_the_engine_as_shipped_minified_passes_them_too(tmp_path):
    """Both ways the engine can ship: terser's copy, and the build's own minifier (a source changed since)."""
    source = (templates_root() / "runtime" / "engine.js").read_text(encoding="utf-8")
    for made_by, text in (("terser", shipped_part(templates_root() / "runtime", "engine.js")),
                          ("rjsmin", minified("engine.js", source))):
        shipped = tmp_path / f"engine-{made_by}.js"
        shipped.write_text(text, encoding="utf-8")
        done = run(node(), "--test", RUNTIME_TESTS, env={"COURSE_ENGINE": str(shipped)})
        assert done.returncode == 0 and "# fail 0" in done.stdout, made_by + done.stdout[-4000:] + done.stderr[-2000:]


def test_the_minified_copies_shipped_are_made_from_the_sources_as_they_are():
    """A script edited without `node scripts/minify_runtime.mjs` ships rjsmin's larger copy: this fails
    until the copies are made again (the check itself makes nothing)."""
    done = run(node(), REPO / "scripts" / "minify_runtime.mjs", "--check")
    assert done.returncode == 0, done.stderr[-2000:]
    folder = templates_root() / "runtime"
    for name in sorted(p.name for p in folder.glob("*.js")):
        copy = (folder / MINIFIED_FOLDER / name).read_text(encoding="utf-8").partition("\n")[2].strip("\n")
        assert shipped_part(folder, name) == copy, f"{name}: the build does not ship terser's copy"


def test_a_source_changed_since_its_copy_was_made_ships_minified_by_the_build(tmp_path):
    folder = tmp_path / "runtime"
    shutil.copytree(templates_root() / "runtime", folder)
    source = folder / "scorm.js"
    source.write_text(source.read_text(encoding="utf-8").replace("'use strict';", "'use strict'; var EDITED = 1;", 1),
                      encoding="utf-8")
    shipped = shipped_part(folder, "scorm.js")
    assert "var EDITED = 1;" in shipped or "var EDITED=1;" in shipped
    assert shipped == minified("scorm.js", source.read_text(encoding="utf-8")).strip("\n")


def test_every_shipped_script_minified_with_a_plug_in_kind_s_entry_is_valid_javascript(tmp_path):
    """The minifier has no parser: a script it broke would fail only in the learner's browser."""
    plug_in = (REPO / "tests" / "fixtures" / "kinds" / "yes_no.js").read_text(encoding="utf-8")
    scripts = {name: runtime_file(name) for name in shipped_runtime_names() if name.endswith(".js")}
    scripts["course.js"] = runtime_text(templates_root() / "runtime", "course.js", plug_in)
    for name, text in scripts.items():
        assert "\n//" not in text and "/**" not in text, f"{name} still holds comments"
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = run(node(), "--check", tmp_path / name)
        assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"


def test_only_lines_that_are_wholly_comments_are_left_out():
    js = "\n".join([
        "/*", " * header", " */", "var a = 1; // kept: code first", "  // dropped", "  /** one line */",
        "  /** @type {any} */ (a).b = 2;", "  /* two */ /* comments */", "  /* start", "  end */ var c = 3;",
        "var url = 'http://x'; /* tail */",
    ])
    assert without_comment_lines(js).split("\n") == [
        "var a = 1; // kept: code first", "  /** @type {any} */ (a).b = 2;", "  /* two */ /* comments */", " var c = 3;",
        "var url = 'http://x'; /* tail */",
    ]


def test_the_runtime_type_checks_with_tsc():
    assert TSC.exists(), "TypeScript is missing: run `npm ci` in tests/lms (scripts/test does)"
    done = run(TSC, "-p", RUNTIME_TESTS / "tsconfig.json")
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_shipped_runtime_is_the_engine_then_the_ui():
    shipped = runtime_file("course.js")
    parts = RUNTIME_BUNDLES["course.js"]
    assert parts[:2] == ("engine.js", "course.js"), "the engine comes first, then the page's UI"
    texts = [(templates_root() / "runtime" / part).read_text(encoding="utf-8") for part in parts]
    engine = texts[0]
    assert shipped == "\n".join(shipped_part(templates_root() / "runtime", part) for part in parts)
    assert not re.search(r"\b(document|window|localStorage)\.", engine), "the engine stays free of the DOM and storage"


def test_runtime_js_and_css_stay_within_40_kb_gzipped():
    assert {"course.js", "scorm.js", "course.css"} <= set(shipped_runtime_names())
    shipped = "".join(runtime_file(name) for name in shipped_runtime_names()).encode()
    size = len(gzip.compress(shipped, compresslevel=9, mtime=0))
    assert size <= RUNTIME_BUDGET, f"runtime is {size} bytes gzipped, over the {RUNTIME_BUDGET}-byte budget"


def test_the_engine_s_fallback_for_the_typed_answer_limit_is_the_builder_s():
    """The build sends `ftl`; the engine's own copy (for data without it) must not drift from limits.py."""
    from builder.limits import FREE_TEXT_LIMIT

    engine = (templates_root() / "runtime" / "engine.js").read_text(encoding="utf-8")
    assert f"var FREE_TEXT_LIMIT = {FREE_TEXT_LIMIT};" in engine
