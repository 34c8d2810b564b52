"""`course serve` without a browser: what a rebuild redoes and what it skips, which requests it
answers, and that its watcher outlives every failure."""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.serve import DevServer, changed_names


@pytest.fixture
def server(sample_copy):
    dev = DevServer(sample_copy, 0)
    dev.rebuild("start")
    yield dev
    dev.remove_output()


@pytest.fixture
def running(sample_copy):
    """A started server whose watcher is live, and a queue of its build events."""
    dev = DevServer(sample_copy, 0)
    url = dev.start()
    events = dev.events.subscribe()
    assert dev.watching.wait(30), "the watcher never started"
    yield dev, int(url.rsplit(":", 1)[1].strip("/")), events
    dev.stop()


def next_build(events: queue.Queue) -> dict:
    """The next build event (waits for the watcher, never for a fixed time)."""
    return events.get(timeout=60)


def get(port: int, path: str, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_unchanged_sources_are_not_built_again(server):
    generation = server.state.generation
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text())  # a save without a change
    assert server.rebuild("save").generation == generation


def test_an_edit_rebuilds_and_names_the_changed_pages(server):
    generation = server.state.generation
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 4 секунды"))
    state = server.rebuild("edit")
    assert state.generation == generation + 1 and not state.errors
    assert "01-listening.html" in state.changed
    assert "02-questions.html" not in state.changed
    assert "Пауза в 4 секунды" in (server.out / "site" / "01-listening.html").read_text()


def test_a_broken_build_is_retried_even_when_the_fix_restores_the_last_good_bytes(server):
    quiz = server.root / "quizzes" / "02-questions.yml"
    good = quiz.read_text()
    quiz.write_text(good.replace("type: numeric", "type: numerik"))
    assert server.rebuild("break").errors
    quiz.write_text(good)
    state = server.rebuild("fix")
    assert not state.errors


def test_a_citation_past_its_document_s_end_stops_the_preview_s_build_with_its_line(server):
    # The sample keeps its cited document in sources/: the preview checks every citation against it
    # at each save, as `course check` does, so the author sees the slip as they make it.
    module = server.root / "modules" / "01-listening.md"
    good = module.read_text()
    module.write_text(good.replace("[@guide:8]", "[@guide:80]"))
    state = server.rebuild("edit")
    line = good.splitlines().index("Пауза в 3 секунды даёт собеседнику время подумать [@guide:8].") + 1
    assert [(e["path"], e["line"], e["code"]) for e in state.errors] == [("modules/01-listening.md", line, "sources.range")]
    module.write_text(good)
    assert not server.rebuild("fix").errors


def test_an_edit_of_a_cited_document_rebuilds_and_is_checked(server):
    document = server.root / "sources" / "guide.txt"
    lines = document.read_text().splitlines()
    document.write_text("\n".join(lines[:7]) + "\n")  # the lines [@guide:8] and [@guide:9] cite are gone
    errors = server.rebuild("edit").errors
    assert {(e["path"], e["code"]) for e in errors} == {("modules/01-listening.md", "sources.range"),
                                                       ("modules/02-questions.md", "sources.range"),
                                                       ("quizzes/final.yml", "sources.range")}
    assert all("(7 lines)" in e["message"] for e in errors)


def test_a_sources_link_out_of_the_course_is_neither_read_nor_watched_and_is_said(server, tmp_path):
    # A link to /usr/share had every save hash 50,000 files; a link to / would walk the whole disk.
    shutil.rmtree(server.root / "sources")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "guide.txt").write_text("one line\n")
    (server.root / "sources").symlink_to(elsewhere)
    assert server.root / "sources" not in server.watched_folders()
    state = server.rebuild("link")
    assert not state.errors, "the one-line guide was not read: no citation past its end"
    assert [(w["path"], w["code"]) for w in state.warnings] == [("sources", "sources.outside")]
    assert server.ctx.options.sources_dir is None


def test_a_document_the_own_sources_lack_is_a_warning_and_the_preview_goes_on(server):
    (server.root / "sources" / "guide.txt").rename(server.root / "sources" / "guide.pdf")
    state = server.rebuild("rename")
    assert not state.errors
    assert [w["code"] for w in state.warnings] == ["sources.missing"]
    assert "its citations are not checked" in state.warnings[0]["message"]


def test_the_page_is_told_the_first_hundred_warnings_and_how_many_there_are(server):
    from builder.serve import BuildState

    warning = {"path": "modules/01-listening.md", "line": 1, "col": 1, "message": "m", "hint": "h",
               "code": "sources.number", "severity": "warning"}
    said = BuildState(3, [], [warning] * 250).said()
    assert len(said["warnings"]) == 100 and said["warnings_total"] == 250


def test_a_good_build_s_warnings_are_kept_for_the_page_and_printed_once(server, echoed, capsys):
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 5 секунд"))
    state = server.rebuild("edit")
    assert not state.errors
    assert [(w["path"], w["code"]) for w in state.warnings] == [("modules/01-listening.md", "sources.number")]
    assert "5" in state.warnings[0]["message"]
    assert capsys.readouterr().err.count("[sources.number]") == 1
    module.write_text(module.read_text() + "\nЕщё абзац.\n")
    assert server.rebuild("edit again").warnings == state.warnings
    assert "[sources.number]" not in capsys.readouterr().err, "the same warnings are not printed at every save"


def test_the_lms_preview_is_written_when_first_asked_for_and_after_each_build(server):
    preview = server.out / "lms" / "scorm12" / "index.html"
    assert not preview.exists()
    server.ensure_previews()
    assert preview.is_file()
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 5 секунд"))
    server.rebuild("edit")
    assert "Пауза в 5 секунд" not in preview.read_text()
    server.ensure_previews()
    assert "Пауза в 5 секунд" in preview.read_text()


def laid_out_by_the_preview(server, monkeypatch) -> list[str]:
    """The names of the PDFs the handout preview's compilers lay out from now on (a spy: each call goes
    through to the engine)."""
    from builder.targets.typeset import Workbench

    names: list[str] = []
    real = Workbench.typeset

    def spy(self, job, timestamp):
        names.append(job.pdf.name)
        return real(self, job, timestamp)

    monkeypatch.setattr(Workbench, "typeset", spy)
    return names


def handouts_of_a_build(root: Path, out: Path, monkeypatch) -> dict[str, bytes]:
    """The PDFs `course build --format handout` writes from nothing."""
    from builder.build import build

    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    build(root, out, ["handout"])
    return {p.name: p.read_bytes() for p in sorted((out / "handouts").glob("*.pdf"))}


def test_the_handout_preview_lays_out_again_only_what_an_edit_changed_with_a_build_s_bytes(server, monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    laid_out = laid_out_by_the_preview(server, monkeypatch)
    server.ensure_handouts()
    every = sorted(p.name for p in (server.out / "handouts").glob("*.pdf"))
    assert sorted(laid_out) == every and len(every) > 3
    compilers = dict(server.ctx.workbench.compilers)
    server.ensure_handouts()  # no build since: nothing to do
    assert len(laid_out) == len(every)

    module = server.root / "modules" / "02-questions.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n\nДобавленный абзац.\n", encoding="utf-8")
    server.rebuild("edit")
    del laid_out[:]
    server.ensure_handouts()
    assert "module-02-questions.pdf" in laid_out and "module-01-listening.pdf" not in laid_out
    assert all(server.ctx.workbench.compilers[name] is compilers[name] for name in laid_out), "the same compilers"
    preview = {p.name: p.read_bytes() for p in sorted((server.out / "handouts").glob("*.pdf"))}
    assert preview == handouts_of_a_build(server.root, tmp_path / "cli", monkeypatch)


def test_the_handout_preview_lays_out_again_a_document_whose_image_changed(server, monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    laid_out = laid_out_by_the_preview(server, monkeypatch)
    server.ensure_handouts()
    image = server.root / "course" / "assets" / "listening.svg"
    image.write_text(image.read_text(encoding="utf-8").replace("</svg>", '<circle cx="5" cy="5" r="4"/></svg>'),
                     encoding="utf-8")
    server.rebuild("image")
    del laid_out[:]
    server.ensure_handouts()
    assert "module-01-listening.pdf" in laid_out  # its markup is the same: the image is what changed
    preview = {p.name: p.read_bytes() for p in sorted((server.out / "handouts").glob("*.pdf"))}
    assert preview == handouts_of_a_build(server.root, tmp_path / "cli", monkeypatch)


def get_body(port: int, path: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    answer = (response.status, response.getheader("Content-Type", ""), response.read())
    connection.close()
    return answer


def test_the_handouts_are_served_under_the_dev_prefix_and_nothing_else_is(running, monkeypatch):
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    _, port, _ = running
    status, kind, index = get_body(port, "/__course__/handouts/")
    assert status == 200 and kind.startswith("text/html")
    assert b'href="module-01-listening.pdf"' in index
    status, kind, pdf = get_body(port, "/__course__/handouts/module-01-listening.pdf")
    assert (status, kind) == (200, "application/pdf") and pdf.startswith(b"%PDF-")
    for outside in ("../site/index.html", "..%2Fsite%2Findex.html", "module-01-listening.typ"):
        assert get_body(port, "/__course__/handouts/" + outside)[0] == 404


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "localhost"])
def test_loopback_host_headers_are_served(running, host):
    _, port, _ = running
    assert get(port, "/index.html", host.format(port=port)) == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", ""])
def test_other_host_headers_are_refused(running, host):
    _, port, _ = running
    assert get(port, "/index.html", host.format(port=port)) == 421


def test_a_nul_byte_in_the_path_is_a_bad_request_not_a_dropped_connection(running):
    _, port, _ = running
    assert get(port, "/%00", f"127.0.0.1:{port}") == 400
    assert get(port, "/index.html", f"127.0.0.1:{port}") == 200


def test_the_watcher_survives_a_folder_named_like_a_module_and_goes_on(running):
    dev, _, events = running
    odd = dev.root / "modules" / "99-x.md"
    odd.mkdir()
    assert next_build(events)["errors"][0]["code"] == "file.kind"
    odd.rmdir()
    assert next_build(events)["errors"] == []
    module = dev.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 6 секунд"))
    assert next_build(events)["changed"]


def test_the_watcher_sees_a_source_folder_deleted_and_made_again(running):
    dev, _, events = running
    modules = dev.root / "modules"
    saved = {p.name: p.read_bytes() for p in modules.iterdir()}
    shutil.rmtree(modules)
    assert next_build(events)["errors"]
    modules.mkdir()
    for name, data in saved.items():
        (modules / name).write_bytes(data)
    while next_build(events)["errors"]:
        pass  # the files arrive one by one; the build of the whole set is clean
    (modules / "01-listening.md").write_text(saved["01-listening.md"].decode().replace("Пауза в 3 секунды", "Пауза в 7 секунд"))
    assert "01-listening.html" in next_build(events)["changed"]


def test_a_busy_port_is_a_clear_message_and_leaves_no_temporary_folder(sample_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        dev = DevServer(sample_copy, taken.getsockname()[1])
        with pytest.raises(click.ClickException) as raised:
            dev.start()
    assert "pass another --port" in raised.value.message
    assert not dev.out.parent.exists()


def test_stopping_the_server_forgets_the_parsed_files(running):
    dev, _, _ = running
    assert dev.ctx.keep and dev.ctx.parsed and dev.ctx.rendered and dev.ctx.tokens
    dev.stop()
    assert not dev.ctx.parsed and not dev.ctx.rendered and not dev.ctx.tokens


def test_sigterm_removes_the_temporary_folder(sample_copy, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "builder", "serve", "--port", "0", "--course", str(sample_copy)],
                               env={**os.environ, "TMPDIR": str(temp)}, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if "serving" in line:
                break
        assert list(temp.iterdir()), "serve made no temporary folder"
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        process.kill()
        process.stderr.close()
    assert list(temp.iterdir()) == []


def break_the_tip_block(root: Path) -> tuple[Path, str]:
    """Misspell the sample's `::: tip` as `::: tipp<b>` (an error whose message holds markup);
    return the module and its good text."""
    module = root / "modules" / "01-listening.md"
    good = module.read_text(encoding="utf-8")
    module.write_text(good.replace("::: tip\n", "::: tipp<b>\n"), encoding="utf-8")
    return module, good


def test_a_server_started_on_a_broken_course_answers_every_page_with_the_errors_and_the_dev_script(sample_copy):
    module, good = break_the_tip_block(sample_copy)
    dev = DevServer(sample_copy, 0)
    port = int(dev.start().rsplit(":", 1)[1].strip("/"))
    events = dev.events.subscribe()
    try:
        assert dev.watching.wait(30), "the watcher never started"
        line = good.splitlines().index("::: tip") + 1
        for path in ("/", "/index.html", "/01-listening.html", "/02-questions.html?x=1"):
            status, kind, body = get_body(port, path)
            assert status == 503 and kind.startswith("text/html"), path
            assert f"<code>modules/01-listening.md:{line}:1</code> unknown block &#x27;::: tipp&lt;b&gt;&#x27;".encode() in body
            assert b'<script src="/__course__/dev.js?g=1" defer></script></head>' in body
        assert get_body(port, "/missing.css")[0] == 404  # only pages are answered with the errors
        module.write_text(good, encoding="utf-8")
        assert next_build(events)["errors"] == []
        status, _, body = get_body(port, "/01-listening.html")
        assert status == 200 and "Пауза в 3 секунды".encode() in body and b"/__course__/dev.js" in body
    finally:
        dev.stop()


def test_a_missing_page_is_a_404_while_the_build_is_good_and_stays_the_preview_s(running):
    # A module file renamed: its open page reloaded into Python's bare 404, without the dev script,
    # and the next build's errors and pages never reached it (author audit).
    dev, port, _ = running
    status, kind, body = get_body(port, "/99-nothing.html")
    assert status == 404 and kind.startswith("text/html")
    assert f'<script src="/__course__/dev.js?g={dev.state.generation}" defer></script>'.encode() in body
    assert b'<main id="main"><h1>No page at /99-nothing.html</h1>' in body  # (no #main: the script reloads)


def test_an_editor_s_own_files_beside_the_sources_are_neither_read_nor_watched(server, sample_copy):
    # Vim's swap file, written every few seconds while typing, rebuilt and reloaded the page each
    # time; Emacs' lock file, a link to nowhere while a buffer has unsaved changes, failed every build
    # and `course check` (author audit).
    from builder.serve import editor_file

    modules = sample_copy / "modules"
    swap, lock = modules / ".01-listening.md.swp", modules / ".#01-listening.md"
    assert all(editor_file(p) for p in (swap, lock, modules / "#01-listening.md#", modules / "01-listening.md~"))
    assert not editor_file(modules / "01-listening.md")
    assert not server.is_watched(None, str(swap)) and server.is_watched(None, str(modules / "01-listening.md"))
    generation = server.state.generation
    swap.write_bytes(b"b0VIM 9.0\0" * 100)
    lock.symlink_to("user@host.12345:1700000000")
    (sample_copy / "quizzes" / ".#01-listening.yml").symlink_to("user@host.12345:1700000000")
    assert server.rebuild("save").generation == generation, "nothing the build reads changed"
    result = CliRunner().invoke(cli, ["check", "--course", str(sample_copy)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def echoed(monkeypatch):
    """The `course` logger printing through the CLI's handler, as `course serve` runs it."""
    import logging

    from builder.cli import EchoHandler

    logger = logging.getLogger("course")
    monkeypatch.setattr(logger, "handlers", [EchoHandler()])
    monkeypatch.setattr(logger, "propagate", False)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield
    logger.setLevel(level)


def test_a_bug_in_a_rebuild_prints_its_traceback_and_the_overlay_says_to_look_at_the_terminal(server, monkeypatch,
                                                                                              echoed, capsys):
    import builder.build

    def bug(*args, **kwargs):
        raise RuntimeError("a simulated bug in the compiler")

    monkeypatch.setattr(builder.build, "get_course", bug)
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 8 секунд"))
    state = server.rebuild("edit")
    assert [e["code"] for e in state.errors] == ["internal"]
    assert "internal error" in state.errors[0]["message"] and "terminal" in state.errors[0]["hint"]
    printed = capsys.readouterr().err
    assert "error: edit: rebuild failed: this is a bug in course" in printed
    assert "Traceback (most recent call last)" in printed and "RuntimeError: a simulated bug in the compiler" in printed
    monkeypatch.undo()
    assert not server.rebuild("fixed").errors  # the preview goes on once the bug is gone


def test_serve_labels_errors_as_errors_and_prints_its_address_even_quiet(sample_copy):
    break_the_tip_block(sample_copy)
    process = subprocess.Popen([sys.executable, "-m", "builder", "-q", "serve", "--port", "0", "--course",
                                str(sample_copy)], stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if "serving" in line:
                break
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        process.kill()
        process.stderr.close()
    assert lines[0] == "error: start: build failed: 1 error\n"
    assert lines[1].startswith("  modules/01-listening.md:") and "unknown block" in lines[1]
    assert lines[2].startswith(f"serving {sample_copy.name} at http://127.0.0.1:")
    assert not any("warning" in line for line in lines)


def test_the_log_names_the_file_saved_not_the_editor_s_temporary_one(tmp_path):
    # `sed -i` saves through a file it makes and renames: the log said «03-pep.md, sedFimm8O: rebuilt».
    from watchfiles import Change

    saved = tmp_path / "03-pep.md"
    saved.write_text("x", encoding="utf-8")
    temporary = str(tmp_path / "sedFimm8O")
    batch = {(Change.added, temporary), (Change.deleted, temporary), (Change.added, str(saved))}
    assert changed_names(batch) == "03-pep.md"
    removed = str(tmp_path / "02-old.md")  # a module deleted in the batch is still named
    assert changed_names({(Change.deleted, removed), (Change.modified, str(saved))}) == "02-old.md, 03-pep.md"
    assert changed_names({(Change.added, temporary), (Change.deleted, temporary)}) == "sedFimm8O"


def test_a_rebuild_finds_a_problem_where_a_rewrapped_yaml_text_now_has_it(server):
    # The render cache knew a text by its words and start: a `>` text wrapped anew kept the old place.
    quiz = server.root / "quizzes" / "01-listening.yml"
    written = "    explanation: Консультант отражает сказанное своими словами [@guide:4]."
    assert written in quiz.read_text(encoding="utf-8")
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        written, "    explanation: >\n      Консультант отражает сказанное\n      своими словами [@guide:95]."), encoding="utf-8")
    first = [(e["line"], e["col"]) for e in server.rebuild("save").errors]
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "      Консультант отражает сказанное\n      своими словами [@guide:95].",
        "      Консультант\n      отражает\n      сказанное своими словами [@guide:95]."), encoding="utf-8")
    again = [(e["line"], e["col"]) for e in server.rebuild("save").errors]
    lines = quiz.read_text(encoding="utf-8").split("\n")
    assert len(again) == 1 and again != first
    assert lines[again[0][0] - 1][again[0][1] - 1:].startswith("@guide:95")
