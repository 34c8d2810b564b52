"""The command line: exit codes, help, and what each command prints."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from builder import __version__
from builder.cli import cli
from fixtures_reader import make_course


@pytest.fixture
def runner():
    return CliRunner()


def test_the_help_test_covers_every_command():
    assert sorted(cli.commands) == ["build", "check", "new", "schema", "serve", "stats"]


def test_check_refuses_a_course_too_big_for_one_scorm12_sco_as_build_does(runner, tmp_path):
    from test_packages import many_module_course

    root = many_module_course(tmp_path / "big", 300)
    (root / "course" / "course.yml").write_text((root / "course" / "course.yml").read_text(encoding="utf-8") + "outputs: [scorm12]\n", encoding="utf-8")
    checked = runner.invoke(cli, ["check", "--course", str(root)])
    built = runner.invoke(cli, ["build", "--course", str(root), "--out", str(tmp_path / "dist")])
    assert checked.exit_code == built.exit_code == 1
    assert "more than SCORM 1.2's suspend_data holds (4096)" in checked.output and "[build.budget]" in checked.output
    assert runner.invoke(cli, ["check", "--sco", "per-module", "--course", str(root)]).exit_code == 0


def test_a_build_of_some_formats_names_what_it_kept_of_an_earlier_one(runner, tmp_path):
    # A rebuilt site beside last week's SCORM zip, said nowhere: the author audit's author could have
    # uploaded the old package.
    root = make_course(tmp_path)
    out = tmp_path / "dist"
    first = runner.invoke(cli, ["build", "--format", "html", "--format", "scorm12", "--course", str(root), "--out", str(out)])
    assert first.exit_code == 0 and "kept from an earlier build" not in first.output, first.output
    again = runner.invoke(cli, ["build", "--format", "html", "--course", str(root), "--out", str(out)])
    assert again.exit_code == 0, again.output
    zips = [p.name for p in out.glob("*.zip")]
    assert zips and f"kept from an earlier build, not rebuilt by this one: {zips[0]} " in again.output, again.output


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_check_passes_on_a_valid_course(runner, tmp_path):
    root = make_course(tmp_path)
    result = runner.invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("ok: 1 module, 1 quiz, 2 questions, 1 glossary term")
    # check reports the same budgets as build: what the runtime writes and what the LMS receives at the end
    assert "SCORM 1.2 suspend_data: the runtime writes at most" in result.output
    assert "SCORM 1.2 final save: at most" in result.output
    assert "built without the XSD files" not in result.output, "a check builds no package to say it of"
    built = runner.invoke(cli, ["build", "--format", "scorm12", "--course", str(root), "--out", str(tmp_path / "d")])
    assert built.output.count("SCORM packages built without the XSD files") == 1, built.output
    assert "built 1 file (" in built.output, "one package: «built 1 file», not «1 files»"


def test_check_reports_every_error_and_exits_1(runner, tmp_path):
    root = make_course(tmp_path, "=== course/course.yml ~ passing_score: 80 => pasing_score: 80\n=== quizzes/01-intro.yml ~ type: single => type: singel")
    result = runner.invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 1
    assert "course/course.yml:6:1: unknown key 'pasing_score'" in result.output
    assert "quizzes/01-intro.yml:5:11: question 'q1' 'type'" in result.output
    assert result.output.rstrip().endswith("check found 2 errors")  # (a build says «build stopped: …»)
    assert "Traceback" not in result.output


def test_strict_turns_warnings_into_errors(runner, tmp_path):
    root = make_course(tmp_path, r"=== modules/01-intro.md ~     text: Know things. =>     text: Know things.\n  - id: intro-o2\n    text: More.")
    relaxed = runner.invoke(cli, ["check", "--course", str(root)])
    assert relaxed.exit_code == 0 and "1 warning" in relaxed.output
    strict = runner.invoke(cli, ["check", "--strict", "--course", str(root)])
    assert strict.exit_code == 1
    assert "0 errors, 1 warning (warnings count as errors with --strict)" in strict.output


def test_usage_error_exits_2(runner, tmp_path):
    result = runner.invoke(cli, ["build", "--format", "pdf", "--course", str(tmp_path)])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


def test_missing_course_says_how_to_start(runner, tmp_path):
    result = runner.invoke(cli, ["check", "--course", str(tmp_path)])
    assert result.exit_code == 1
    assert "course new DIR" in result.output


def check_with_sources(runner, root, tmp_path, document: str, *options: str):
    """`course check --sources` with one source document, doc.txt, holding `document`."""
    (tmp_path / "src").mkdir(exist_ok=True)
    (tmp_path / "src" / "doc.txt").write_text(document, encoding="utf-8")
    return runner.invoke(cli, ["check", *options, "--course", str(root), "--sources", str(tmp_path / "src")])


def test_sources_check_finds_a_wrong_figure(runner, tmp_path):
    root = make_course(tmp_path, "=== modules/01-intro.md ~ Text with a citation [@doc:1-2] => In 2019, 47 people took part [@doc:1-2]")
    result = check_with_sources(runner, root, tmp_path, "Line one: 47 people.\nLine two.\n")
    assert result.exit_code == 0
    assert 'warning: number(s) 2019 in "In 2019, 47 people took part" do not occur in doc:1-2; check the figure' in result.output
    strict = check_with_sources(runner, root, tmp_path, "Line one: 47 people.\nLine two.\n", "--strict")
    assert strict.exit_code == 1


def test_sources_check_reads_the_ranges_of_one_marker_together(runner, tmp_path):
    root = make_course(tmp_path, "=== modules/01-intro.md ~ Text with a citation [@doc:1-2] => "
                                 "In 2019, 47 people took part [@doc:1; @doc:2]. Then 12 left [@doc:1; @doc:3]")
    result = check_with_sources(runner, root, tmp_path, "Line one: 47 people.\nIn 2019.\nNothing here.\n")
    assert result.exit_code == 0, result.output
    assert "2019" not in result.output, "2019 is in line 2, the marker's other range"
    assert 'number(s) 12 in "Then 12 left" do not occur in doc:1' in result.output


def test_sources_check_rejects_a_range_past_the_end(runner, tmp_path):
    # The newline ending the last line was counted as a line of its own: a citation of line 3 of a
    # two-line file passed.
    root = make_course(tmp_path, "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:1-9] and [@doc:3]")
    result = check_with_sources(runner, root, tmp_path, "one\ntwo\n")
    assert result.exit_code == 1
    assert "citation 'doc:1-9' points past the end of the document (2 lines)" in result.output
    assert "citation 'doc:3' points past the end of the document (2 lines)" in result.output


def test_sources_are_checked_in_the_same_run_as_other_errors(runner, tmp_path):
    root = make_course(tmp_path, "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:1-9]\n"
                                 "=== quizzes/01-intro.yml ~     prompt: Which one? =>     prompt: Which one?\\n    promt: typo")
    result = check_with_sources(runner, root, tmp_path, "one\ntwo\n")
    assert result.exit_code == 1
    assert "unknown key 'promt'" in result.output
    assert "citation 'doc:1-9' points past the end of the document (2 lines)" in result.output


def test_new_names_a_folder_with_a_space_as_a_shell_reads_it(runner, tmp_path):
    target = tmp_path / "с пробелом" / "курс"
    result = runner.invoke(cli, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert f"next: course check --course '{target}', then course build --course '{target}'" in result.output


def test_new_creates_a_course_that_checks(runner, tmp_path):
    target = tmp_path / "new-course"
    result = runner.invoke(cli, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert f"next: course check --course {target}" in result.output
    check = runner.invoke(cli, ["check", "--strict", "--course", str(target)])
    assert check.exit_code == 0, check.output
    assert f"citations checked against {target / 'sources'}" in check.output  # its own sources/, no flag needed
    # The sample is what authors copy: its final has a bank of its own, so its first stats flag nothing
    # (drawn from the module quizzes, it re-asked what the learner had answered, each objective «below goal»).
    stats = runner.invoke(cli, ["stats", "--course", str(target)])
    assert stats.exit_code == 0 and "objectives below the goal: 0" in stats.output, stats.output
    assert "from module quizzes" not in stats.output
    # The final's row counts as a module's does: its questions as written (their types add up to them;
    # how many an attempt draws is said under the table), the citations they make, its minutes.
    final = json.loads(runner.invoke(cli, ["stats", "--json", "--course", str(target)]).output)[-1]
    written = (target / "quizzes" / "final.yml").read_text(encoding="utf-8")
    assert final["questions"] == written.count("  - id: ") == sum(final["by_type"].values()) == 6
    assert final["final_bank"]["draw"] == 4 and "; 4 drawn per attempt (by objective)" in stats.output
    assert final["citations"] == written.count("[@") == 6
    assert final["minutes"] == 30 - 10 - 10  # the course's duration_minutes less its two modules'


def test_stats_rows_count_what_their_learner_reads(runner, tmp_path):
    """A module's row counts its text's citations and its quiz's; the final's, the questions no module
    asks, written in its file or in a question bank it includes (which is no module's quiz)."""
    target = tmp_path / "new-course"
    assert runner.invoke(cli, ["new", str(target)]).exit_code == 0
    quizzes = target / "quizzes"
    # The final's questions move to a bank of their own, which the final includes; one gains `sources:`.
    final = (quizzes / "final.yml").read_text(encoding="utf-8")
    head, questions = final.split("questions:\n", 1)
    questions = questions.replace("    explanation: Пауза в 3 секунды", "    sources: ['guide:8', 'guide:9']\n"
                                  "    explanation: Пауза в 3 секунды", 1)
    (quizzes / "final.yml").write_text(head + "include: [q-final-bank]\nquestions: []\n", encoding="utf-8")
    (quizzes / "final-bank.yml").write_text("id: q-final-bank\ntitle: Банк итогового теста\nquestions:\n" + questions,
                                            encoding="utf-8")
    assert runner.invoke(cli, ["check", "--course", str(target)]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["stats", "--json", "--course", str(target)]).output)
    listening = (target / "modules" / "01-listening.md").read_text(encoding="utf-8")
    its_quiz = (quizzes / "01-listening.yml").read_text(encoding="utf-8")
    assert rows[0]["citations"] == listening.count("[@") + its_quiz.count("[@") == 4
    assert rows[-1]["module"] == "final: q-final"
    assert rows[-1]["questions"] == sum(rows[-1]["by_type"].values()) == 6
    assert rows[-1]["citations"] == questions.count("[@") + 2 == 8
    bank = rows[-1]["final_bank"]
    assert bank["own_questions"] == 6 and bank["included_questions"] == 0 and bank["below_goal"] == []


def test_stats_count_a_shared_bank_with_the_module_that_asks_it(runner, tmp_path):
    """A bank a module's quiz includes is that module's (a learner meets its questions there), also when
    the final includes it; and a module's quiz named as the final keeps its bank's lines."""
    target = tmp_path / "new-course"
    assert runner.invoke(cli, ["new", str(target)]).exit_code == 0
    quizzes = target / "quizzes"
    bank = ("id: q-shared\ntitle: Общий банк\nquestions:\n  - id: shared-q1\n    type: true_false\n"
            "    objective: quest-o1\n    prompt: Открытый вопрос начинается со слова «как» [@guide:5].\n"
            "    answer: true\n")
    (quizzes / "shared.yml").write_text(bank, encoding="utf-8")
    for name, key in (("02-questions.yml", "questions:\n"), ("final.yml", "questions:\n")):
        text = (quizzes / name).read_text(encoding="utf-8")
        (quizzes / name).write_text(text.replace(key, "include: [q-shared]\n" + key, 1), encoding="utf-8")
    assert runner.invoke(cli, ["check", "--course", str(target)]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["stats", "--json", "--course", str(target)]).output)
    module_quiz = (quizzes / "02-questions.yml").read_text(encoding="utf-8")
    assert rows[1]["questions"] == module_quiz.count("  - id: ") + 1
    assert rows[1]["citations"] == (target / "modules" / "02-questions.md").read_text(encoding="utf-8").count("[@") \
        + module_quiz.count("[@") + 1
    assert rows[-1]["questions"] == 6 and rows[-1]["final_bank"]["included_questions"] == 1
    course_yml = target / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("q-final", "q-questions"), encoding="utf-8")
    # A module's quiz as the final was shown twice (its ids twice in the one-file edition): an error now.
    refused = runner.invoke(cli, ["stats", "--json", "--course", str(target)])
    assert refused.exit_code == 1 and "modules/02-questions.md:6:7: module 'questions' names the final quiz" in refused.output


def test_a_new_course_s_yaml_is_checked_by_the_editor_from_the_start(runner, tmp_path):
    """`course new` writes the JSON Schemas and the VS Code settings that apply them: each schema is
    this version's, and each YAML file of the sample is checked by one, and passes."""
    import jsonschema
    import yaml

    from builder.schema import json_schemas

    target = tmp_path / "new-course"
    assert runner.invoke(cli, ["new", str(target)]).exit_code == 0
    mapping = json.loads((target / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    checked = []
    for schema_path, patterns in mapping.items():
        schema = json.loads((target / schema_path).read_text(encoding="utf-8"))
        assert schema == json_schemas()[Path(schema_path).name]
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            for path in sorted(target.glob(pattern)):
                data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
                assert not list(jsonschema.Draft7Validator(schema).iter_errors(data)), path
                checked.append(path.relative_to(target).as_posix())
    yaml_files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.y*ml"))
    assert sorted(checked) == yaml_files, "every YAML file of the course, and no other"


def test_a_course_folder_s_own_sources_are_checked_without_a_flag(runner, tmp_path):
    root = make_course(tmp_path, "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:1-9]")
    (root / "sources").mkdir()
    (root / "sources" / "doc.txt").write_text("one\ntwo\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 1
    assert "citation 'doc:1-9' points past the end of the document (2 lines)" in result.output
    elsewhere = tmp_path / "elsewhere"  # --sources still names another folder
    elsewhere.mkdir()
    (elsewhere / "doc.txt").write_text("line\n" * 9, encoding="utf-8")
    assert runner.invoke(cli, ["check", "--course", str(root), "--sources", str(elsewhere)]).exit_code == 0


def test_new_refuses_a_non_empty_folder(runner, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    result = runner.invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 2


def test_schema_writes_four_json_schemas(runner, tmp_path):
    result = runner.invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["course.schema.json", "glossary.schema.json", "module.schema.json", "quiz.schema.json"]
    assert json.loads((tmp_path / "quiz.schema.json").read_text())["title"] == "quizzes/*.yml"


def test_stats_prints_a_row_per_module(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--json", "--course", str(make_course(tmp_path))])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[0]["module"] == "intro"
    assert rows[0]["questions"] == 2 and rows[0]["by_type"] == {"scenario": 1, "single": 1}
    assert rows[0]["citations"] == 1


def test_colours_only_on_a_terminal(tmp_path):
    root = make_course(tmp_path, "=== course/course.yml ~ passing_score: 80 => pasing_score: 80")
    plain = CliRunner().invoke(cli, ["check", "--course", str(root)])
    coloured = CliRunner().invoke(cli, ["check", "--course", str(root)], color=True)
    assert "\x1b[" not in plain.output
    assert "\x1b[" in coloured.output
    assert click.unstyle(coloured.output) == plain.output


def test_progress_rewrites_one_line_on_a_terminal_and_stays_out_of_logs(monkeypatch, capsys):
    import logging
    import sys

    from builder.cli import EchoHandler

    def record(message: str, progress: bool) -> logging.LogRecord:
        entry = logging.LogRecord("course", logging.INFO, __file__, 1, message, None, None)
        entry.progress = progress
        return entry

    handler = EchoHandler()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    handler.emit(record("handouts: 1 of 2 PDFs laid out", True))
    handler.emit(record("handouts: 2 of 2 PDFs laid out", False))
    assert capsys.readouterr().err == "handouts: 2 of 2 PDFs laid out\n"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    handler.emit(record("handouts: 1 of 2 PDFs laid out", True))
    handler.emit(record("handouts: 2 of 2 PDFs laid out", False))
    assert capsys.readouterr().err == "\r\x1b[Khandouts: 1 of 2 PDFs laid out\r\x1b[Khandouts: 2 of 2 PDFs laid out\n"


@pytest.mark.parametrize("command", [["new", "{dir}/s"], ["schema", "--out", "{dir}/schemas"]])
def test_new_and_schema_on_a_read_only_file_system_say_so_and_exit_1(runner, tmp_path, monkeypatch, command):
    import errno
    import os
    import shutil

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path))

    monkeypatch.setattr(shutil, "copytree", read_only)
    monkeypatch.setattr(os, "mkdir", read_only)
    result = runner.invoke(cli, [part.format(dir=tmp_path) for part in command])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Read-only file system" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["new", "{special}"], ["build", "--out", "{special}"], ["schema", "--out", "{special}"]])
def test_a_device_or_a_pipe_given_as_a_folder_is_a_usage_error_not_a_traceback(runner, tmp_path, command):
    # `course new /dev/null` (or a FIFO) printed a traceback and «internal error» (security audit).
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for special in ("/dev/null", str(fifo)):
        result = runner.invoke(cli, [part.format(special=special) for part in command])
        assert result.exit_code == 2, result.output
        assert f"'{special}' is not a folder (a device, a pipe or another special file)" in result.output


def test_quiet_build_and_check_print_nothing_but_errors(runner, tmp_path):
    root = make_course(tmp_path)
    built = runner.invoke(cli, ["-q", "build", "--format", "html", "--course", str(root), "--out", str(tmp_path / "d")])
    checked = runner.invoke(cli, ["-q", "check", "--course", str(root)])
    schema = runner.invoke(cli, ["-q", "schema", "--out", str(tmp_path / "schemas")])
    assert (built.exit_code, checked.exit_code, schema.exit_code) == (0, 0, 0)
    assert (built.output, checked.output, schema.output) == ("", "", "")
    assert (tmp_path / "d" / "site" / "index.html").is_file()
    broken = make_course(tmp_path / "broken", "=== quizzes/01-intro.yml ~ type: single => type: singel")
    failed = runner.invoke(cli, ["-q", "check", "--course", str(broken)])
    assert failed.exit_code == 1
    assert "quizzes/01-intro.yml:5:11: question 'q1' 'type'" in failed.output and "ok:" not in failed.output


def test_quiet_leaves_out_warnings_that_do_not_fail_the_run(runner, tmp_path):
    root = make_course(tmp_path, r"=== modules/01-intro.md ~     text: Know things. =>     text: Know things.\n  - id: intro-o2\n    text: More.")
    assert "warning" in runner.invoke(cli, ["check", "--course", str(root)]).output
    quiet = runner.invoke(cli, ["-q", "check", "--course", str(root)])
    assert (quiet.exit_code, quiet.output) == (0, "")
    strict = runner.invoke(cli, ["-q", "check", "--strict", "--course", str(root)])
    assert strict.exit_code == 1 and "warning" in strict.output


def log_record(level: int, message: str, exc_info=None):
    import logging

    return logging.LogRecord("course", level, __file__, 1, message, None, exc_info)


def test_log_records_are_labelled_by_their_level_and_only_warnings_are_counted(capsys):
    import logging

    from builder.cli import EchoHandler

    handler = EchoHandler()
    handler.emit(log_record(logging.INFO, "serving s1 at http://127.0.0.1:8000/"))
    handler.emit(log_record(logging.WARNING, "gift: 1 question: partial grades are rounded"))
    handler.emit(log_record(logging.ERROR, "edit: build failed: 1 error"))
    assert capsys.readouterr().err == ("serving s1 at http://127.0.0.1:8000/\n"
                                       "warning: gift: 1 question: partial grades are rounded\n"
                                       "error: edit: build failed: 1 error\n")
    assert handler.warnings == 1


def test_a_logged_internal_error_prints_its_traceback(capsys):
    import logging
    import sys

    from builder.cli import EchoHandler

    try:
        raise RuntimeError("a simulated bug")
    except RuntimeError:
        EchoHandler().emit(log_record(logging.ERROR, "rebuild failed: this is a bug in course", sys.exc_info()))
    printed = capsys.readouterr().err
    assert printed.startswith("error: rebuild failed: this is a bug in course\nTraceback (most recent call last):")
    assert "RuntimeError: a simulated bug" in printed


def test_schema_writes_into_the_course_folder_given_and_refuses_a_missing_one(runner, tmp_path):
    root = make_course(tmp_path)
    result = runner.invoke(cli, ["schema", "--course", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / ".schemas" / "course.schema.json").is_file()
    with runner.isolated_filesystem(temp_dir=tmp_path) as here:
        assert runner.invoke(cli, ["schema"]).exit_code == 0
        assert (Path(here) / ".schemas" / "quiz.schema.json").is_file()
    missing = runner.invoke(cli, ["schema", "--course", str(tmp_path / "typo")])
    assert missing.exit_code == 2 and not (tmp_path / "typo").exists()


@pytest.mark.parametrize("command", ["build", "check", "stats", "schema"])  # serve would start on the old code
def test_a_mistyped_course_folder_is_named_as_missing(runner, tmp_path, command):
    result = runner.invoke(cli, [command, "--course", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "Invalid value for '--course'" in result.output and "nowhere' does not exist" in result.output
    assert "course.yml" not in result.output  # not «no course here»: the folder itself is missing
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("args", [["build", "--out", ""], ["build", "--out", "  "], ["new", ""],
                                  ["check", "--sources", ""], ["schema", "--out", ""]])
def test_an_empty_folder_name_is_refused_before_anything_is_written(runner, tmp_path, args):
    root = make_course(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with runner.isolated_filesystem(temp_dir=tmp_path) as here:
        result = runner.invoke(cli, args + (["--course", str(root)] if args[0] != "new" else []))
        assert not any(Path(here).iterdir())
    assert result.exit_code == 2, result.output
    assert "an empty name; give a folder" in result.output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def readme_blocks(language: str) -> list[tuple[int, str]]:
    """(line, text) of every fenced block of that language in the README."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return [(readme[:m.start()].count("\n") + 1, m.group(1))
            for m in re.finditer(rf"^```{language}\n(.*?)^```", readme, re.S | re.M)]


def test_the_readme_s_course_module_quiz_and_glossary_examples_agree(tmp_path):
    """Copied together, the authoring guide's course.yml, module, quiz and glossary make a course whose
    keys, citations and glossary links the checker accepts (the module and glossary cited a reference
    the course.yml example did not declare). What they name without showing (a second module, the
    final, the included banks) is not there to check."""
    blocks = dict(readme_blocks("yaml") + readme_blocks("markdown"))
    course_yml = next(text for text in blocks.values() if text.startswith("id: chemsex-care "))
    module = next(text for text in blocks.values() if text.startswith("---\nid: communication\n"))
    quiz = next(text for text in blocks.values() if text.startswith("id: q-communication\n"))
    glossary = next(text for text in blocks.values() if text.startswith("- id: chemsex\n"))
    for path, text in (("course/course.yml", course_yml), ("modules/03-communication.md", module),
                       ("quizzes/03-communication.yml", quiz), ("course/glossary.yml", glossary)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(tmp_path)])
    problems = [line for line in result.output.splitlines() if line.endswith("]") and "warning:" not in line]
    not_shown = ("'chemsex-basics'", "'q-final'", "'q-a'", "'q-b'", "pool draws 10")
    assert problems and all(any(name in line for name in not_shown) for line in problems), result.output


def test_the_readme_s_yaml_examples_are_valid_yaml():
    """An author copies them: a value with ': ' in it must be quoted there."""
    import yaml

    examples = readme_blocks("yaml") + [(line, text.split("---\n")[1]) for line, text in readme_blocks("markdown")
                                        if text.startswith("---\n")]
    assert len(examples) >= 4
    for line, text in examples:
        try:
            yaml.safe_load(text)
        except yaml.YAMLError as error:
            pytest.fail(f"README.md:{line}: the example is not valid YAML: {error}")
