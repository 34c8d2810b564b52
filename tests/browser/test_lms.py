"""SCORM packages played inside a test LMS (scorm-again framed as Moodle frames a SCO).

The assertions are on the LMS side: what an LMS would store after the learner's session.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import wait_ready

pytestmark = pytest.mark.browser

LMS = Path(__file__).resolve().parents[1] / "lms"
SCORM_AGAIN = LMS / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"


@pytest.fixture
def lms(sample_dist, serve, tmp_path, new_page):
    """Open the test LMS with a package: `lms(kind, sco='single')` -> (page, guard, frame getter)."""
    assert SCORM_AGAIN.exists(), "scorm-again is missing: run `npm ci` in tests/lms (scripts/test does it)"
    root = tmp_path / "lms-site"
    (root / "lms").mkdir(parents=True)
    for name in ("lms.html", "lms.js"):
        shutil.copy(LMS / name, root / "lms" / name)
    shutil.copy(SCORM_AGAIN, root / "lms" / "scorm-again.js")
    server = serve(root)

    def open_lms(kind: str, sco: str = "single", dist: Path | None = None):
        folder = dist or (sample_dist / "per-module" if sco == "per-module" else sample_dist)
        package = next(folder.glob(f"*-{kind}.zip"))
        target = root / f"pkg-{kind}-{sco}-{folder.name}"
        if not target.exists():
            with zipfile.ZipFile(package) as archive:
                archive.extractall(target)
        page, guard = new_page(allowed=(server.url,))
        page.goto(f"{server.url}/lms/lms.html")
        return page, guard, f"../{target.name}/"

    return open_lms


def launch(page, version: str, href: str, cmi: dict | None = None):
    page.evaluate("(cfg) => window.launch(cfg)", {"version": version, "href": href, "cmi": cmi})
    page.wait_for_function("() => document.querySelector('iframe') && document.querySelector('iframe').contentWindow.CourseRuntime && document.querySelector('iframe').contentWindow.CourseRuntime.ready")
    return page.frames[1]


def close(page) -> dict:
    """The learner closes the course: the frame goes away (pagehide), the LMS keeps its CMI."""
    page.evaluate("document.querySelector('iframe').remove()")
    return page.evaluate("window.cmiJSON()")


def data(frame) -> dict:
    return frame.evaluate("CourseRuntime.data")


def best_path(q: dict) -> list[int]:
    """Choice indexes of the scenario path with the most points."""
    def best(step_id: str) -> tuple[int, list[int]]:
        step = q["steps"][step_id]
        if step["end"] or not step["ch"]:
            return 0, []
        options = []
        for i, c in enumerate(step["ch"]):
            points, path = best(c["n"])
            options.append((c["p"] + points, [i] + path))
        return max(options, key=lambda o: o[0])
    return best(q["start"])[1]


def answer(frame, qid: str, right: bool = True, quiz: str = "") -> None:
    """Answer one question in the frame, rightly or wrongly, like a learner would."""
    q = frame.evaluate("(id) => CourseRuntime.data.questions[id]", qid)
    node = frame.locator(f'[data-quiz="{quiz or q["quiz"]}"] li.question[data-q="{qid}"]')
    t = q["t"]
    if t in ("single", "multiple"):
        ids = [o["id"] for o in q["o"] if bool(o["c"]) == right] or [q["o"][0]["id"]]
        for option_id in (ids if t == "multiple" else ids[:1]):
            node.locator(f'input[value="{option_id}"]').check()
    elif t == "true_false":
        node.locator(f'input[value="{"t" if q["a"] == right else "f"}"]').check()
    elif t in ("fill_in", "numeric"):
        node.locator("input[type=text]").fill(str(q["a"][0] if t == "fill_in" else q["a"]) if right else "999")
    elif t == "matching":
        for i in range(q["n"]):
            node.locator("select").nth(i).select_option(str(i if right else (i + 1) % q["n"]))
    elif t == "ordering":
        wanted = list(range(q["n"])) if right else list(reversed(range(q["n"])))
        for position, index in enumerate(wanted):
            while int(node.locator(".order-item").nth(position).get_attribute("data-index")) != index:
                node.locator(f'.order-item[data-index="{index}"] [data-move="-1"]').click()
    if t == "scenario":
        path = best_path(q) if right else None
        step = 0
        while node.locator(".scenario__choice:not([disabled])").count():
            choices = node.locator(".scenario__step").nth(step).locator(".scenario__choice")
            choices.nth(path[step] if right else choices.count() - 1).click()
            step += 1
        return
    node.locator("[data-check-answer]").click()


def play_quiz(frame, quiz_id: str, right: bool = True) -> list[str]:
    shown = frame.locator(f'[data-quiz="{quiz_id}"] li.question:not([hidden])')
    ids = [shown.nth(i).get_attribute("data-q") for i in range(shown.count())]
    for qid in ids:
        answer(frame, qid, right, quiz_id)
    frame.locator(f'[data-quiz="{quiz_id}"] [data-submit]').click()
    return ids


def go(frame, page_id: str) -> None:
    frame.evaluate("(id) => { location.hash = id; }", page_id)
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)


def play_whole_course(frame, final_right: bool = True) -> list[str]:
    answered = []
    for page_id, quiz_id in (("01-listening", "q-listening"), ("02-questions", "q-questions")):
        go(frame, page_id)
        answered += play_quiz(frame, quiz_id, True)
    go(frame, "final")
    answered += play_quiz(frame, "q-final", final_right)
    go(frame, "glossary")
    return answered


def sample_worst_case_suspend_size() -> int:
    """The build's estimate of the largest state (it must bound what the runtime really writes)."""
    from builder.build import get_course
    from builder.errors import Diagnostics
    from builder.runtime_data import worst_case_suspend_size
    from conftest import SAMPLE

    return worst_case_suspend_size(get_course(SAMPLE, Diagnostics()))


def items(array: dict) -> list[dict]:
    """A CMI array (`{"0": {...}, "1": {...}}` in scorm-again's JSON) as a list."""
    return [array[key] for key in sorted(array, key=int)]


def assert_all_calls_succeeded(page) -> None:
    log = page.evaluate("window.lmsLog")
    failures = [entry for entry in log if entry["code"] != "0"]
    assert not failures, failures
    assert log[0]["fn"] in ("LMSInitialize", "Initialize")
    assert [e["fn"] for e in log].count("LMSInitialize") + [e["fn"] for e in log].count("Initialize") == 1


def test_scorm12_whole_course_completed_and_passed(lms):
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html")
    assert frame.locator("#storage-note").inner_text() == "Прогресс сохраняется в системе обучения."
    answered = play_whole_course(frame)
    cmi = close(page)
    core = cmi["core"]
    assert core["lesson_status"] == "passed"
    assert core["score"]["raw"] == "100" and core["score"]["max"] == "100" and core["score"]["min"] == "0"
    assert core["lesson_location"] == "glossary"
    assert core["session_time"] not in ("", "00:00:00", "0000:00:00.00")
    assert core["exit"] == ""
    interactions = items(cmi["interactions"])
    assert [i["id"] for i in interactions] == answered
    types = {i["id"]: i["type"] for i in interactions}
    assert types["listen-q1"] == "choice" and types["listen-q3"] == "true-false" and types["quest-q1"] == "fill-in"
    assert types["quest-q2"] == "matching" and types["quest-q3"] == "sequencing" and types["quest-q4"] == "numeric"
    assert types["listen-q4"] == "performance"
    by_id = {i["id"]: i for i in interactions}
    assert by_id["listen-q1"]["student_response"] == "a" and by_id["listen-q1"]["correct_responses"]["0"]["pattern"] == "a"
    assert by_id["listen-q2"]["student_response"] == "a,b"
    assert by_id["quest-q2"]["student_response"] == "0.0,1.1"
    assert all(i["result"] == "correct" for i in interactions)
    assert 0 < len(cmi["suspend_data"]) <= sample_worst_case_suspend_size()
    assert_all_calls_succeeded(page)
    guard.check()


def test_scorm2004_whole_course_completed_and_passed(lms):
    page, guard, base = lms("scorm2004")
    frame = launch(page, "2004", base + "index.html")
    answered = play_whole_course(frame)
    cmi = close(page)
    assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"
    assert cmi["score"]["scaled"] == "1" and cmi["score"]["raw"] == "100"
    assert cmi["exit"] == "normal" and cmi["session_time"].startswith("PT")
    interactions = items(cmi["interactions"])
    assert [i["id"] for i in interactions] == answered
    by_id = {i["id"]: i for i in interactions}
    assert by_id["listen-q2"]["learner_response"] == "a[,]b"
    assert by_id["quest-q4"]["correct_responses"]["0"]["pattern"] == "20[:]20"
    assert by_id["listen-q1"]["description"].startswith("Что делает консультант")
    assert by_id["listen-q1"]["objectives"]["0"]["id"] == "listen-o1"
    # A question assessing two objectives names both, the primary first.
    assert [o["id"] for o in items(by_id["quest-q3"]["objectives"])] == ["quest-o1", "listen-o2"]
    objectives = {o["id"]: o for o in items(cmi["objectives"])}
    assert set(objectives) == {"listen-o1", "listen-o2", "quest-o1"}
    assert objectives["listen-o1"]["success_status"] == "passed" and objectives["listen-o1"]["score"]["scaled"] == "1"
    assert_all_calls_succeeded(page)
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_failed_final_quiz_is_reported_failed_with_its_score(lms, kind, version):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html")
    play_whole_course(frame, final_right=False)
    result = frame.locator('[data-quiz="q-final"] [data-result]').inner_text()
    score = int(result.split("Результат: ")[1].split("%")[0])
    assert score < 70
    cmi = close(page)
    if version == "12":
        assert cmi["core"]["lesson_status"] == "failed" and cmi["core"]["score"]["raw"] == str(score)
        assert cmi["core"]["exit"] == "suspend", "attempts are left: the next launch resumes"
    else:
        assert cmi["success_status"] == "failed" and cmi["score"]["raw"] == str(score)
        assert cmi["completion_status"] == "incomplete"
    assert_all_calls_succeeded(page)
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_relaunch_resumes_on_the_same_page_with_the_same_answers(lms, kind, version):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html")
    go(frame, "02-questions")
    answer(frame, "quest-q1")
    answer(frame, "quest-q3", right=False)
    before = frame.evaluate("CourseRuntime.state()")
    cmi = close(page)
    if version == "12":
        assert cmi["core"]["exit"] == "suspend" and cmi["core"]["lesson_location"] == "02-questions"
        cmi["core"]["entry"] = "resume"
    else:
        assert cmi["exit"] == "suspend" and cmi["location"] == "02-questions"
        cmi["entry"] = "resume"
    page.reload()
    frame = launch(page, version, base + "index.html", cmi)
    frame.locator("[data-resume-yes]").click()
    frame.wait_for_function("() => !document.getElementById('02-questions').hidden")
    assert frame.locator("#quest-q1-input").input_value() == "открытый"
    assert "Верно" in frame.locator('[data-quiz="q-questions"] li[data-q="quest-q1"] [data-feedback]').inner_text()
    assert "Неверно" in frame.locator('[data-quiz="q-questions"] li[data-q="quest-q3"] [data-feedback]').inner_text()
    after = frame.evaluate("CourseRuntime.state()")
    assert after["q"] == before["q"]
    assert_all_calls_succeeded(page)
    guard.check()


def test_per_module_scos_track_each_module_on_their_own(lms):
    page, guard, base = lms("scorm2004", sco="per-module")
    frame = launch(page, "2004", base + "01-listening.html")
    assert frame.locator("a[rel=next]").count() == 0, "the LMS navigates between SCOs"
    play_quiz(frame, "q-listening")
    first = close(page)
    assert first["completion_status"] == "completed" and first["success_status"] == "passed"
    assert [i["id"] for i in items(first["interactions"])] == ["listen-q1", "listen-q2", "listen-q3", "listen-q4"]
    page.reload()
    frame = launch(page, "2004", base + "02-questions.html")
    play_quiz(frame, "q-questions", right=False)
    second = close(page)
    assert second["success_status"] == "failed" and second["score"]["raw"] == "0"
    assert all(i["id"].startswith("quest-") for i in items(second["interactions"]))
    assert_all_calls_succeeded(page)
    guard.check()


def test_a_failing_commit_warns_the_learner_and_loses_nothing(lms):
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html")
    go(frame, "01-listening")
    page.evaluate("window.failCommits = true")
    answer(frame, "listen-q1")
    warning = frame.locator("#commit-warning")
    assert warning.is_visible() and "Не удалось сохранить прогресс" in warning.inner_text()
    page.evaluate("window.failCommits = false")
    frame.wait_for_function("() => document.getElementById('commit-warning').textContent.indexOf('снова') >= 0", timeout=15000)
    cmi = page.evaluate("window.cmiJSON()")
    assert '"r":{"0":"a"}' in cmi["suspend_data"]
    guard.check()


def test_without_an_lms_the_package_falls_back_to_local_storage_and_says_so(sample_dist, serve, new_page, tmp_path):
    package = next(sample_dist.glob("*-scorm12.zip"))
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "pkg")
    server = serve(tmp_path / "pkg")
    page, guard = new_page(allowed=(server.url,))
    page.goto(server.url + "/index.html")
    wait_ready(page)
    assert page.locator("#storage-note").inner_text() == "Прогресс сохраняется только в этом браузере."
    guard.check()
