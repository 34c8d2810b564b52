"""SCORM packages played inside a test LMS (scorm-again framed as Moodle frames a SCO).

The assertions are on the LMS side: what an LMS would store after the learner's session.
"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import etree

from helpers import CONTINUE, pick_match, press_continue, reveal, submit, wait_for_step, wait_ready

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

    def unpack(kind: str, sco: str = "single", dist: Path | None = None, runtime: Path | None = None,
               at: str | None = None) -> str:
        """Put the package where the LMS serves it; its folder as the LMS page links it.
        `runtime`: a folder of runtime scripts to put in place of the package's (an old runtime);
        `at`: the folder the LMS serves the package from (as Moodle's `pluginfile.php/…/content/<n>`)."""
        folder = dist or (sample_dist / "per-module" if sco == "per-module" else sample_dist)
        package = next(folder.glob(f"*-{kind}.zip"))
        target = root / (at or f"pkg-{kind}-{sco}-{folder.name}{'-' + runtime.name if runtime else ''}")
        if not target.exists():
            with zipfile.ZipFile(package) as archive:
                archive.extractall(target)
            for script in sorted(runtime.glob("*.js")) if runtime else []:
                shutil.copy(script, target / "runtime" / script.name)
        return f"../{target.relative_to(root).as_posix()}/"

    def open_lms(kind: str, sco: str = "single", dist: Path | None = None, runtime: Path | None = None,
                 at: str | None = None):
        base = unpack(kind, sco, dist, runtime, at)
        page, guard = new_page(allowed=(server.url,))
        page.goto(f"{server.url}/lms/lms.html")
        return page, guard, base

    open_lms.unpack = unpack
    return open_lms


PROFILES = ["strict", "moodle45", "lms2"]
"""The test LMS's profiles (tests/lms/lms.js): every scenario runs under each."""

PROFILE_MANIFEST_RULES = {
    "moodle45": [(lambda xml: b"imsss:mapInfo" in xml, 'Exception - Attempt to assign property "mapinfos" on null')],
    "lms2": [(lambda xml: any(r.get("href") is None for r in etree.fromstring(xml).iter("{*}resource")), "resource without href refused")],
    "strict": [],
}
"""How each profile's importer refuses a manifest (Moodle 4.5.6: scormlib.php:378 on PHP 8)."""


def import_refusal(profile: str, manifest: bytes) -> str | None:
    """The message a profile's importer refuses the manifest with, or None when it takes it."""
    return next((message for broken, message in PROFILE_MANIFEST_RULES[profile] if broken(manifest)), None)


def launch(page, version: str, href: str, cmi: dict | None = None, profile: str = "strict", learner: str | None = None):
    cfg = {"version": version, "href": href, "cmi": cmi, "profile": profile}
    if learner:
        cfg["learner"] = learner
    page.evaluate("(cfg) => window.launch(cfg)", cfg)
    page.wait_for_function("() => document.querySelector('iframe') && document.querySelector('iframe').contentWindow.CourseRuntime && document.querySelector('iframe').contentWindow.CourseRuntime.ready")
    return page.frames[1]


def launch_once_indexeddb_answered(page, version: str, href: str, cmi: dict | None = None, **options):
    """`launch`, with the page's clock standing still until the course is on screen. The runtime waits
    a second for IndexedDB at launch, then starts without it; a busy machine could let that second run
    out in a test that needs what IndexedDB holds (the test of that second slows IndexedDB itself)."""
    pause_clock(page)
    frame = launch(page, version, href, cmi, **options)
    page.clock.resume()
    return frame


def relaunched(cmi: dict, version: str, location: str | None = None) -> dict:
    """The CMI an LMS hands back at the next launch: `entry` resume, and the bookmark it kept
    (`location`, when the test says what the LMS stored)."""
    core = cmi["core"] if version == "12" else cmi
    core["entry"] = "resume"
    if location is not None:
        core["lesson_location" if version == "12" else "location"] = location
    return cmi


def close(page) -> dict:
    """The learner closes the course: the frame goes away (pagehide), the LMS keeps its CMI."""
    page.evaluate("window.unloading = true; document.querySelector('iframe').remove()")
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
    reveal(frame, f'[data-quiz="{quiz or q["quiz"]}"]')  # a module's quiz is the step after its lessons
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
            pick_match(node, i, i if right else (i + 1) % q["n"])
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
    submit(frame, quiz_id)
    return ids


def go(frame, page_id: str) -> None:
    frame.evaluate("(id) => { location.hash = id; }", page_id)
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)


def recorded_id(frame, quiz_id: str, qid: str) -> str:
    """The interaction id of a question answered in a quiz: a quiz drawing another quiz's question
    (a final's `include:`) records it under its own context ("q-final.listen-q1")."""
    return qid if data(frame)["questions"][qid]["quiz"] == quiz_id else f"{quiz_id}.{qid}"


def play_whole_course(frame, final_right: bool = True) -> list[str]:
    """Every quiz, the final last; the interaction ids the LMS records, in order."""
    answered = []
    for page_id, quiz_id in (("01-listening", "q-listening"), ("02-questions", "q-questions")):
        go(frame, page_id)
        answered += play_quiz(frame, quiz_id, True)
    go(frame, "final")
    answered += [recorded_id(frame, "q-final", qid) for qid in play_quiz(frame, "q-final", final_right)]
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


def assert_all_calls_succeeded(page, profile: str = "strict") -> None:
    log = page.evaluate("window.lmsLog")
    # lms2 closes a 1.2 session itself at page exit: its refusal of the last LMSFinish is the LMS's.
    failures = [entry for entry in log if entry["code"] != "0" and not (profile == "lms2" and entry["fn"] == "LMSFinish")]
    assert not failures, failures
    assert log[0]["fn"] in ("LMSInitialize", "Initialize")
    assert [e["fn"] for e in log].count("LMSInitialize") + [e["fn"] for e in log].count("Initialize") == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_scorm12_whole_course_completed_and_passed(lms, profile):
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html", profile=profile)
    assert frame.locator("#storage-note").inner_text() == "Прогресс сохраняется в системе обучения."
    answered = play_whole_course(frame)
    cmi = close(page)
    core = cmi["core"]
    assert core["lesson_status"] == "passed"
    assert core["score"]["raw"] == "100" and core["score"]["max"] == "100" and core["score"]["min"] == "0"
    assert core["lesson_location"] == "glossary"
    # lms2 refuses the LMSFinish at page exit: the session time went by the Commit before it.
    assert core["session_time"] not in ("", "00:00:00", "0000:00:00.00")
    assert core["exit"] == "suspend", "a reopened course resumes instead of starting over the record"
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
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
def test_scorm2004_whole_course_completed_and_passed(lms, profile):
    page, guard, base = lms("scorm2004")
    frame = launch(page, "2004", base + "index.html", profile=profile)
    answered = play_whole_course(frame)
    cmi = close(page)
    assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"
    assert cmi["score"]["scaled"] == "1" and cmi["score"]["raw"] == "100"
    assert cmi["exit"] == "suspend" and cmi["session_time"].startswith("PT")
    interactions = items(cmi["interactions"])
    assert [i["id"] for i in interactions] == answered
    by_id = {i["id"]: i for i in interactions}
    assert by_id["listen-q2"]["learner_response"] == "a[,]b"
    assert by_id["quest-q4"]["correct_responses"]["0"]["pattern"] == "20[:]20"
    assert by_id["quest-q4"]["learner_response"] == "20"
    assert by_id["listen-q1"]["objectives"]["0"]["id"] == "listen-o1"
    # A question assessing two objectives names both, the primary first.
    assert [o["id"] for o in items(by_id["quest-q3"]["objectives"])] == ["quest-o1", "listen-o2"]
    objectives = {o["id"]: o for o in items(cmi["objectives"])}
    assert set(objectives) == {"listen-o1", "listen-o2", "quest-o1"}
    assert objectives["listen-o1"]["success_status"] == "passed" and objectives["listen-o1"]["score"]["raw"] == "100"
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_final_drawn_from_the_module_quizzes_records_their_questions_under_its_own_context(
        lms, module_questions_final_dist, kind, version):
    # A question answered in its module quiz and again in the final is two interactions: the final's
    # under the final's id ("q-final.listen-q1"), the module's kept as it was.
    page, guard, base = lms(kind, dist=module_questions_final_dist)
    frame = launch(page, version, base + "index.html")
    answered = play_whole_course(frame)
    finals = answered[-4:]
    assert all(qid.startswith("q-final.") for qid in finals), finals
    assert all(qid.removeprefix("q-final.") in answered[:-4] for qid in finals), "asked before, in its module"
    cmi = close(page)
    assert [i["id"] for i in items(cmi["interactions"])] == answered
    assert (cmi["core"]["lesson_status"] if version == "12" else cmi["success_status"]) == "passed"
    assert_all_calls_succeeded(page)
    guard.check()

@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_failed_final_quiz_is_reported_failed_with_its_score(lms, kind, version, profile):
    # SCORM 1.2 has one status: "failed" there ends the attempt for an LMS (Moodle 4.5 reopens the
    # course in review mode and offers a new attempt, which starts it afresh), so it waits until the
    # final has no attempt left; 2004 reports the failure at once beside "incomplete".
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile=profile)
    play_whole_course(frame, final_right=False)
    result = frame.locator('[data-quiz="q-final"] [data-result]').inner_text()
    score = int(result.split("Результат: ")[1].split("%")[0])
    assert score < 70
    cmi = close(page)
    if version == "12":
        assert cmi["core"]["lesson_status"] == "incomplete" and cmi["core"]["score"]["raw"] == str(score)
        assert cmi["core"]["exit"] == "suspend", "attempts are left: the next launch resumes"
    else:
        assert cmi["success_status"] == "failed" and cmi["score"]["raw"] == str(score)
        assert cmi["completion_status"] == "incomplete"
    page.reload()
    frame = launch(page, version, base + "index.html", cmi, profile=profile)
    go(frame, "final")
    for _ in (2, 3):
        frame.locator('[data-quiz="q-final"] [data-retry]').click()
        play_quiz(frame, "q-final", right=False)
    assert frame.locator("[data-out-of-attempts]").is_visible()
    # Where an LMS keeps the record, whoever runs the course can open another attempt (the site says nobody can).
    assert "обратитесь к преподавателю" in frame.locator("[data-out-of-attempts]").inner_text()
    cmi = close(page)
    if version == "12":
        assert cmi["core"]["lesson_status"] == "failed", "no attempt left: the course is failed"
    else:
        assert cmi["success_status"] == "failed" and cmi["completion_status"] == "incomplete"
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_relaunch_resumes_on_the_same_page_with_the_same_answers(lms, kind, version, profile):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile=profile)
    go(frame, "02-questions")
    answer(frame, "quest-q1")
    answer(frame, "quest-q3", right=False)
    before = frame.evaluate("CourseRuntime.state()")
    cmi = close(page)
    if version == "12":
        assert cmi["core"]["exit"] == "suspend" and cmi["core"]["lesson_location"] == "02-questions"
    else:
        assert cmi["exit"] == "suspend" and cmi["location"] == "02-questions"
    page.reload()
    frame = launch(page, version, base + "index.html", cmi, profile=profile)
    frame.locator("[data-resume-yes]").click()
    frame.wait_for_function("() => !document.getElementById('02-questions').hidden")
    assert frame.locator("#quest-q1-input").input_value() == "открытый"
    assert "Верно" in frame.locator('[data-quiz="q-questions"] li[data-q="quest-q1"] [data-feedback]').inner_text()
    assert "Неверно" in frame.locator('[data-quiz="q-questions"] li[data-q="quest-q3"] [data-feedback]').inner_text()
    after = frame.evaluate("CourseRuntime.state()")
    assert after["q"] == before["q"]
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
def test_per_module_scos_track_each_module_on_their_own(lms, profile):
    page, guard, base = lms("scorm2004", sco="per-module")
    frame = launch(page, "2004", base + "01-listening.html", profile=profile)
    assert frame.locator("a[rel=next]").count() == 0, "the LMS navigates between SCOs"
    play_quiz(frame, "q-listening")
    first = close(page)
    assert first["completion_status"] == "completed" and first["success_status"] == "passed"
    assert [i["id"] for i in items(first["interactions"])] == ["listen-q1", "listen-q2", "listen-q3", "listen-q4"]
    page.reload()
    frame = launch(page, "2004", base + "02-questions.html", profile=profile)
    play_quiz(frame, "q-questions", right=False)
    second = close(page)
    assert second["success_status"] == "failed" and second["score"]["raw"] == "0"
    assert all(i["id"].startswith("quest-") for i in items(second["interactions"]))
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
def test_a_failing_commit_warns_the_learner_and_loses_nothing(lms, profile):
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html", profile=profile)
    go(frame, "01-listening")
    page.evaluate("window.failCommits = true")
    answer(frame, "listen-q1")
    warning = frame.locator("#commit-warning")
    assert warning.is_visible() and "Прогресс пока не сохранён" in warning.inner_text()
    page.evaluate("window.failCommits = false")
    frame.wait_for_function("() => document.getElementById('commit-warning').textContent.indexOf('снова') >= 0", timeout=15000)
    cmi = page.evaluate("window.cmiJSON()")
    assert '"r":{"0":"a"}' in cmi["suspend_data"]
    guard.check()


def test_the_saved_again_notice_stays_until_the_learner_acts(lms):
    # It went by itself after 4 s: on a magnified screen, which shows a part of the page at a time,
    # a learner who had seen the warning could miss that it was over.
    page, guard, base = lms("scorm12")
    page.clock.install()
    frame = launch(page, "12", base + "index.html")
    pause_clock(page)
    go(frame, "01-listening")
    page.evaluate("window.failCommits = true")
    answer(frame, "listen-q1")
    page.evaluate("window.failCommits = false")
    page.clock.run_for(5_000)  # the runtime's retry
    warning = frame.locator("#commit-warning")
    assert warning.inner_text() == "Прогресс снова сохраняется."
    page.clock.run_for(60_000)
    assert warning.is_visible(), "a minute later it is still there"
    frame.locator("#main").focus()
    page.keyboard.press("Shift")
    assert warning.is_hidden(), "the learner's next key puts it away"
    guard.check()


def served_without_an_lms(folder: Path, serve, tmp_path: Path):
    """A folder's SCORM 1.2 package unpacked and served as a plain web site (opened from disk, no LMS)."""
    with zipfile.ZipFile(next(folder.glob("*-scorm12.zip"))) as archive:
        archive.extractall(tmp_path / "pkg")
    return serve(tmp_path / "pkg")


def test_without_an_lms_the_package_falls_back_to_local_storage_and_says_so(sample_dist, serve, new_page, tmp_path):
    server = served_without_an_lms(sample_dist, serve, tmp_path)
    page, guard = new_page(allowed=(server.url,))
    page.goto(server.url + "/index.html")
    wait_ready(page)
    assert page.locator("#storage-note").inner_text() == "Прогресс сохраняется только в этом браузере."
    # Read where it stands, not announced: a live region said it again on every page of the course.
    assert page.locator("#storage-note").evaluate(
        "(n) => !n.closest('[role=status], [role=alert], [aria-live]')")
    assert adapter_methods(page.main_frame)["adapter"] == ADAPTER_METHODS
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_reopening_a_completed_course_keeps_the_record(lms, kind, version, profile):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile=profile)
    play_whole_course(frame)
    done = close(page)
    page.reload()
    frame = launch(page, version, base + "index.html", done, profile=profile)
    assert frame.locator("[data-resume-yes]").count() == 1, "the LMS's bookmark is offered"
    assert frame.locator(".resume-banner p").inner_text() == "Вы прошли этот курс. Последней была открыта страница «Глоссарий»."
    again = close(page)
    if version == "12":
        assert again["core"]["lesson_status"] == "passed" and again["core"]["lesson_location"] == "glossary"
    else:
        assert (again["completion_status"], again["success_status"], again["location"]) == ("completed", "passed", "glossary")
    assert again["suspend_data"] == done["suspend_data"]
    assert [i["id"] for i in items(again["interactions"])] == [i["id"] for i in items(done["interactions"])], \
        "a relaunch records no answer again (the submitted final's neither)"
    assert_all_calls_succeeded(page, profile)
    guard.check()


ADAPTER_METHODS = ["start", "save", "location", "interaction", "quizResult", "objectives", "progress", "commit",
                   "finish"]
"""The adapter interface (course.js): the base supplies each method, so the engine never asks for one."""


def adapter_methods(frame) -> dict:
    """Which interface methods the running adapter has as functions, and what the base's defaults answer."""
    return frame.evaluate("""(names) => {
        const bare = CourseRuntime.extendAdapter({ name: 'bare' });
        return { adapter: names.filter((n) => typeof CourseRuntime.adapter[n] === 'function'),
                 base: [bare.save('x'), bare.commit(), bare.finish(), bare.location('p'), bare.start().ok] };
    }""", ADAPTER_METHODS)


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_every_adapter_gets_every_method_from_a_base_of_no_ops(lms, kind, version):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile="moodle45")
    methods = adapter_methods(frame)
    assert methods == {"adapter": ADAPTER_METHODS, "base": [True, True, True, None, False]}
    # quizResult is the base's no-op in a one-SCO package: answering and finishing a quiz still works.
    go(frame, "01-listening")
    play_quiz(frame, "q-listening")
    assert close(page)["objectives"]
    assert_all_calls_succeeded(page, "moodle45")
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
def test_every_package_is_imported_by_every_profile(sample_dist, profile):
    for folder in (sample_dist, sample_dist / "per-module"):
        for package in folder.glob("*-scorm*.zip"):
            with zipfile.ZipFile(package) as archive:
                assert import_refusal(profile, archive.read("imsmanifest.xml")) is None, package


def test_moodle45_refuses_the_old_2004_manifest_and_lms2_the_old_shared_resource():
    old = Path(__file__).resolve().parents[1] / "lms" / "fixtures"
    assert import_refusal("moodle45", (old / "old-manifest-scorm2004-single-4th.xml").read_bytes()).endswith('"mapinfos" on null')
    assert import_refusal("lms2", (old / "old-manifest-scorm12-per-module-4th.xml").read_bytes()) == "resource without href refused"
    assert import_refusal("strict", (old / "old-manifest-scorm2004-single-4th.xml").read_bytes()) is None


def test_moodle45_loses_a_save_whose_beacon_is_over_the_quota_and_the_runtime_keeps_within_it(lms):
    # The profile is faithful: a save at page exit bigger than 64 KiB is refused and not stored.
    page, guard, base = lms("scorm2004")
    frame = launch(page, "2004", base + "index.html", profile="moodle45")
    play_whole_course(frame)
    page.evaluate("window.unloading = true; window.lmsApi.SetValue('cmi.suspend_data', 'x'.repeat(63000))")
    assert page.evaluate("window.API_1484_11.Commit('')") == "false"
    assert page.evaluate("window.stored.suspend_data") != "x" * 63000
    page.evaluate("window.lmsApi.SetValue('cmi.suspend_data', window.stored.suspend_data); window.unloading = false")
    cmi = close(page)
    assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"
    assert page.evaluate("window.beaconBytes")[0] <= 61440
    guard.check()


OLD_RUNTIME = LMS / "fixtures" / "old-runtime"
"""The runtime of main at bd4b563 (before issue 17): exit=normal after completion, status after the Commit."""


@pytest.mark.parametrize("runtime,kept", [(OLD_RUNTIME, False), (None, True)], ids=["old-runtime", "fixed-runtime"])
def test_moodle45_wipes_a_pass_the_old_runtime_reopens_and_keeps_the_fixed_ones(lms, runtime, kept):
    # Moodle's 2004 player starts a launch after exit=normal ab-initio, with an empty data model,
    # and the old runtime then wrote "incomplete" over the finished record.
    page, guard, base = lms("scorm2004", runtime=runtime)
    frame = launch(page, "2004", base + "index.html", profile="moodle45")
    play_whole_course(frame)
    done = close(page)
    assert done["completion_status"] == "completed" and done["success_status"] == "passed"
    page.reload()
    launch(page, "2004", base + "index.html", done, profile="moodle45")
    again = close(page)
    assert (again.get("completion_status") == "completed" and again.get("success_status") == "passed") == kept


@pytest.mark.parametrize("kind,version,response", [("scorm12", "12", "student_response"), ("scorm2004", "2004", "learner_response")])
def test_answers_reach_the_lms_as_its_data_model_wants_them(lms, kind, version, response):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile="moodle45")
    go(frame, "02-questions")
    reveal(frame, '[data-quiz="q-questions"]')  # the quiz is the step after the lessons
    node = frame.locator('[data-quiz="q-questions"] li.question[data-q="quest-q4"]')
    node.locator("input[type=text]").fill("20 чел.")  # a number typed with its unit
    node.locator("[data-check-answer]").click()
    long_answer = "открытый вопрос, который начинается со слов как или что"
    node = frame.locator('[data-quiz="q-questions"] li.question[data-q="quest-q1"]')
    node.locator("input[type=text]").fill(long_answer)  # over 40 characters, wrong
    node.locator("[data-check-answer]").click()
    assert frame.evaluate("CourseRuntime.scormFormat.timespan12(59996)") == "0000:01:00.00"
    cmi = close(page)
    by_id = {i["id"]: i for i in items(cmi["interactions"])}
    assert by_id["quest-q4"][response] == "20" and by_id["quest-q4"]["result"] == "correct"
    patterns = [p["pattern"] for p in items(by_id["quest-q1"]["correct_responses"])]
    assert patterns == ["открытый", "открытый вопрос"], "every accepted answer is a correct pattern"
    assert by_id["quest-q1"]["result"] in ("wrong", "incorrect")
    # The wrong long answer is kept cut and marked, so scoring it again on submit gives "wrong" again.
    responses = [r for q in json.loads(cmi["suspend_data"])["q"].values() if isinstance(q, dict) for r in q["r"].values()]
    assert long_answer[:39] + "…" in responses
    assert_all_calls_succeeded(page, "moodle45")
    guard.check()



@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_scenario_played_again_for_practice_sends_the_lms_nothing(lms, kind, version):
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile="moodle45")
    go(frame, "01-listening")
    answer(frame, "listen-q4", right=False)  # the last reply at the first step: the story ends there
    node = frame.locator('[data-quiz="q-listening"] li.question[data-q="listen-q4"]')
    frame.wait_for_function("() => document.querySelector('li[data-q=\"listen-q4\"] .scenario__replay')")
    # (the bookmark and the reading place may be saved meanwhile: they are not answers)
    answers = ("cmi.interactions", "cmi.objectives", "cmi.core.score", "cmi.score", "cmi.core.lesson_status",
               "cmi.success_status", "cmi.completion_status")
    writes = lambda: [e["args"] for e in page.evaluate("window.lmsLog")
                      if e["fn"] in ("LMSSetValue", "SetValue") and e["args"][0].startswith(answers)]
    before, quizzes = writes(), frame.evaluate("CourseRuntime.state().q")
    node.locator(".scenario__replay").click()
    node.locator(".scenario__choice").first.click()
    node.locator(".scenario__step").nth(1).locator(".scenario__choice").first.click()
    assert node.locator(".scenario__step").count() == 3, "played on to another ending"
    assert writes() == before, "practice is no answer: not one value set"
    assert frame.evaluate("CourseRuntime.state().q") == quizzes, "nor kept in the state"
    cmi = close(page)
    recorded = [i for i in items(cmi["interactions"]) if i["id"] == "listen-q4"]
    assert len(recorded) == 1 and recorded[0]["result"] in ("wrong", "incorrect")
    assert_all_calls_succeeded(page, "moodle45")
    guard.check()

def pause_clock(page) -> None:
    """From now on the page's time moves only when the test moves it (a second ahead of the page's
    clock, in seconds: Playwright for Python reads a number as Unix seconds, not milliseconds)."""
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)


def commits(page) -> int:
    """Commits (LMSCommit or Commit) the package has made so far."""
    return sum(1 for entry in page.evaluate("window.lmsLog") if entry["fn"] in ("LMSCommit", "Commit"))


def stored_location(page, version: str) -> str:
    cmi = page.evaluate("window.cmiJSON()")
    return (cmi.get("core", {}).get("lesson_location") if version == "12" else cmi.get("location")) or ""


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_answers_commit_at_once_page_moves_later_and_all_before_the_page_can_go(lms, kind, version, profile):
    # Page moves wait: in 1.2 ten seconds at most; in 2004 a quarter of a second, the time to draw the
    # page (its Terminate carries a resent record, which a beacon may not: see the large record's test).
    page, guard, base = lms(kind)
    page.clock.install()
    frame = launch(page, version, base + "index.html", profile=profile)
    pause_clock(page)  # the waits are the test's, however long the machine takes to move pages
    assert commits(page) == 1, "the launch's status and exit go at once"
    go(frame, "01-listening")
    go(frame, "02-questions")
    assert commits(page) == 1 and stored_location(page, version) == "", "page moves wait"
    page.clock.run_for(10_000 if version == "12" else 300)
    assert commits(page) == 2 and stored_location(page, version) == "02-questions"
    answer(frame, "quest-q1")
    assert commits(page) == 3, "an answer is committed at once"
    go(frame, "final")
    frame.evaluate("window.dispatchEvent(new Event('blur'))")  # the learner reaches for the LMS's own buttons
    assert commits(page) == 4 and stored_location(page, version) == "final"
    go(frame, "glossary")
    frame.evaluate("""() => { Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
                       document.dispatchEvent(new Event('visibilitychange')); }""")
    assert commits(page) == 5 and stored_location(page, version) == "glossary", "hidden: committed at once"
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version,span", [("scorm12", "12", ["00:01:05", "00:01:12"]),  # as scorm-again keeps it
                                                ("scorm2004", "2004", ["PT1M5S", "PT1M12S"])])
def test_latency_counts_from_when_the_question_was_shown_not_from_the_launch(lms, kind, version, span, profile):
    page, guard, base = lms(kind)
    page.clock.install()
    frame = launch(page, version, base + "index.html", profile=profile)
    pause_clock(page)
    page.clock.fast_forward(100_000)  # reading the home page first
    go(frame, "02-questions")
    page.clock.fast_forward(30_000)  # reading the module's lessons: its questions are not shown yet
    reveal(frame, '[data-quiz="q-questions"]')  # the quiz, the step after the lessons, is shown
    page.clock.fast_forward(65_000)
    answer(frame, "quest-q1")
    page.clock.fast_forward(7_000)
    answer(frame, "quest-q3")
    cmi = close(page)
    by_id = {i["id"]: i for i in items(cmi["interactions"])}
    assert [by_id["quest-q1"]["latency"], by_id["quest-q3"]["latency"]] == span
    assert_all_calls_succeeded(page, profile)
    guard.check()


def preloaded_interactions(count: int) -> dict:
    """`count` interactions of earlier sessions, eight fields each, as the LMS holds them."""
    one = {"type": "choice", "objectives": {"0": {"id": "listen-o1"}}, "correct_responses": {"0": {"pattern": "a"}},
           "weighting": "1", "learner_response": "a", "result": "correct", "latency": "PT5S"}
    return {str(i): dict(one, id=f"earlier-{i}") for i in range(count)}


def test_moodle45_reads_only_the_first_5000_fields_and_the_runtime_keeps_status_and_state_within_them(lms):
    # The profile is faithful: Moodle's player posts interactions before status and suspend_data, and
    # PHP reads 5000 fields: a longer body loses the status without an error.
    page, guard, base = lms("scorm2004")
    earlier = {"exit": "suspend", "completion_status": "incomplete", "interactions": preloaded_interactions(630)}
    frame = launch(page, "2004", base + "index.html", earlier, profile="moodle45")
    page.evaluate("window.lmsApi.SetValue('cmi.success_status', 'failed'); window.API_1484_11.Commit('')")
    assert page.evaluate("window.bodies.at(-1)")["dropped"] > 0
    assert page.evaluate("window.stored.success_status") != "failed"
    page.reload()
    # 610 earlier interactions (4880 fields): the runtime records the final's answers and what fits.
    earlier["interactions"] = preloaded_interactions(610)
    frame = launch(page, "2004", base + "index.html", earlier, profile="moodle45")
    answered = play_whole_course(frame)
    skipped = frame.evaluate("CourseRuntime.recordsSkipped")
    cmi = close(page)
    bodies = page.evaluate("window.bodies")
    assert all(body["fields"] <= 5000 and not body.get("dropped") for body in bodies if body["ok"]), bodies
    assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed" and cmi["suspend_data"]
    recorded = [i["id"] for i in items(cmi["interactions"])][610:]
    finals = answered[-4:]  # the final's four, answered last
    assert [qid for qid in recorded if qid in finals] == finals
    assert len(recorded) + skipped == len(answered) and skipped > 0
    guard.check()


def test_moodle45_keeps_the_bookmark_of_a_page_moved_to_just_before_the_frame_went_away_from_a_large_record(lms):
    # Moodle's 2004 player sends the whole record by beacon at Terminate: from some 50 answers on
    # Chromium refuses it. A page move waiting ten seconds for its Commit was lost with it (the
    # Moodle bed: the bookmark stayed at the glossary after the learner closed the tab in module 5).
    page, guard, base = lms("scorm2004")
    page.clock.install()
    earlier = {"exit": "suspend", "completion_status": "incomplete", "location": "01-listening",
               "interactions": preloaded_interactions(120)}
    frame = launch(page, "2004", base + "index.html", earlier, profile="moodle45")
    pause_clock(page)
    go(frame, "02-questions")
    page.clock.run_for(300)  # the page drawn (the learner reads it, a second or a minute)
    cmi = close(page)
    terminate = [body for body in page.evaluate("window.bodies") if body["fn"] == "Terminate"]
    assert terminate and not any(body["ok"] for body in terminate), "the beacon is over the quota"
    assert cmi["location"] == "02-questions"
    guard.check()


def storage_and_warning(frame) -> tuple[str, str]:
    warning = frame.locator("#commit-warning")
    storage = frame.evaluate("document.documentElement.getAttribute('data-storage')")
    return storage, warning.inner_text() if warning.is_visible() else ""


def test_attempts_used_up_while_the_lms_refused_the_session_are_said_not_to_have_reached_it(lms):
    # Moodle 4.5's 1.2 player refuses a SCO that recorded answers earlier in the same player page: the
    # final, launched again, keeps its attempts in the browser alone. Out of attempts, the learner was
    # told «открытой без системы обучения» (the site's words) under the warning that the LMS refused it.
    page, guard, base = lms("scorm12", sco="per-module")
    frame = launch(page, "12", base + "final.html", profile="moodle45")
    play_quiz(frame, "q-final", right=False)
    first = close(page)
    frame = launch(page, "12", base + "final.html", first, profile="moodle45")
    assert storage_and_warning(frame)[0] == "local"
    for attempt in (1, 2, 3):  # the browser's copy starts afresh: the refused session never read the LMS's
        if attempt > 1:
            frame.locator('[data-quiz="q-final"] [data-retry]').click()
        play_quiz(frame, "q-final", right=False)
    rule = frame.locator("[data-out-of-attempts]").inner_text()
    assert "не попали в систему обучения" in rule and "без системы обучения" not in rule
    close(page)


@pytest.mark.parametrize("profile", PROFILES)
def test_per_module_12_records_each_module_moved_to_through_the_lms_and_a_relaunch_resumes(lms, profile):
    # Moodle's next/previous and table of contents swap the SCO's frame in one player page.
    page, guard, base = lms("scorm12", sco="per-module")
    frame = launch(page, "12", base + "01-listening.html", profile=profile)
    play_quiz(frame, "q-listening")
    first = close(page)
    frame = launch(page, "12", base + "02-questions.html", profile=profile)
    assert storage_and_warning(frame) == ("scorm12", "")
    play_quiz(frame, "q-questions", right=False)
    second = close(page)
    assert first["core"]["lesson_status"] == "passed" and first["core"]["score"]["raw"] == "100"
    assert [i["id"] for i in items(first["interactions"])] == ["listen-q1", "listen-q2", "listen-q3", "listen-q4"]
    assert second["core"]["lesson_status"] == "incomplete", "a failed quiz with attempts left is not the SCO's end"
    assert second["core"]["score"]["raw"] == "0"
    assert all(i["id"].startswith("quest-") for i in items(second["interactions"]))
    # Back to module 1 in the same player page: Moodle 4.5's 1.2 player throws in LMSInitialize for
    # a SCO that recorded answers earlier in the page; the learner is told, never silently dropped.
    frame = launch(page, "12", base + "01-listening.html", first, profile=profile)
    storage, warning = storage_and_warning(frame)
    if profile == "moodle45":
        assert storage == "local" and "не открыла запись" in warning
        assert "откройте эту часть снова" in warning
    else:
        assert (storage, warning) == ("scorm12", "")
    close(page)
    page.reload()  # the learner reopens the activity: a new player page
    frame = launch(page, "12", base + "01-listening.html", first, profile=profile)
    assert storage_and_warning(frame) == ("scorm12", "")
    assert frame.evaluate("CourseRuntime.state().q['0'].ok") == 1, "module 1's passed quiz is back"
    assert "Результат: 100\u00a0%" in frame.locator('[data-quiz="q-listening"] [data-result]').inner_text()
    guard.check()


def test_moodle45_refuses_a_second_2004_sco_in_one_player_page_and_the_learner_is_told(lms):
    page, guard, base = lms("scorm2004", sco="per-module")
    frame = launch(page, "2004", base + "01-listening.html", profile="moodle45")
    play_quiz(frame, "q-listening")
    close(page)
    frame = launch(page, "2004", base + "02-questions.html", profile="moodle45")
    storage, warning = storage_and_warning(frame)
    assert storage == "local" and "(код 104)" in warning
    # The notice stays on screen at the bottom (a phone's height), and the page's end scrolls clear of it.
    frame.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    rect = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [r.top, r.bottom]; }"
    assert frame.evaluate(rect, "footer.footer")[1] <= frame.evaluate(rect, "#commit-warning")[0] + 1
    # Its state is this SCO's own: the module before, passed in the browser, does not make this one done.
    assert frame.evaluate("CourseRuntime.status().completed") is False
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_page_with_a_stale_course_data_file_naming_no_backend_still_records_in_the_lms(lms, tmp_path, kind, version):
    # A browser may hold a course-data.js from before the backend moved into it (the pages named it
    # then). Past the version check, such a page uses the LMS it finds, never the browser alone.
    page, guard, base = lms(kind, sco="per-module")
    shared = tmp_path / "lms-site" / base.strip("./") / "runtime" / "course-data.js"
    stale = shared.read_text().replace(f'"backend":"{kind}",', "")
    assert stale != shared.read_text()
    shared.write_text(stale)
    frame = launch(page, version, base + "01-listening.html")
    assert frame.evaluate("CourseRuntime.data.backend") is None
    assert storage_and_warning(frame) == (kind, "")
    play_quiz(frame, "q-listening")
    record = close(page)
    status = record["core"]["lesson_status"] if version == "12" else record["success_status"]
    assert status == "passed"
    guard.check()


def links_leaving_the_frame(frame) -> list[str]:
    """Every link on the SCO's page that would navigate its frame (an in-page `#…` does not; a link
    that opens its own window, as the glossary's in a per-module package, does not either)."""
    return frame.evaluate("""() => [...document.querySelectorAll('a[href]')]
        .filter(a => !a.getAttribute('href').startsWith('#') && a.target !== '_blank').map(a => a.outerHTML)""")


def test_a_per_module_sco_never_navigates_its_own_frame_and_its_lessons_go_back(lms):
    # The completion rule under a quiz named the quiz with a link to the SCO's own file: a tap reloaded
    # the SCO in the LMS's frame, its session ended, and under SCORM 2004 the LMS refused the second
    # Initialize (104): the learner's answers from then on were recorded nowhere. Out of attempts, the
    # final's «back to the course» went to index.html, which a per-module package does not hold. And
    # a relaunch opened a module at its saved lesson with no way back to the ones before.
    page, guard, base = lms("scorm2004", sco="per-module")
    frame = launch(page, "2004", base + "01-listening.html")
    frame.locator(".lesson.is-current [data-lesson-next]").click()
    frame.wait_for_function("() => document.getElementById('listening--lesson-2').classList.contains('is-current')")
    frame = launch(page, "2004", base + "01-listening.html", close(page))  # relaunched with its record
    assert frame.locator(".lesson.is-current").get_attribute("id") == "listening--lesson-2"
    frame.locator(".lesson.is-current [data-lesson-prev]").click()
    frame.wait_for_function("() => document.getElementById('listening--lesson-1').classList.contains('is-current')")
    assert frame.locator(".objectives").is_visible()
    frame.evaluate("location.hash = 'quiz-q-listening'")
    play_quiz(frame, "q-listening", right=False)
    missing = frame.locator('[data-quiz="q-listening"] [data-completion-missing]')
    assert "Проверьте себя" in missing.inner_text() and missing.locator("a").count() == 0
    frame.locator(".quiz.is-current [data-lesson-prev]").click()
    frame.wait_for_function("() => document.getElementById('listening--lesson-2').classList.contains('is-current')")
    assert links_leaving_the_frame(frame) == []
    close(page)
    frame = launch(page, "2004", base + "final.html")
    for attempt in (1, 2, 3):
        play_quiz(frame, "q-final", right=False)
        if attempt < 3:
            frame.locator('[data-quiz="q-final"] [data-retry]').click()
    assert frame.locator("[data-out-of-attempts]").is_visible()
    assert links_leaving_the_frame(frame) == []
    assert close(page)["success_status"] == "failed"
    guard.check()


def test_a_per_module_sco_lists_its_own_lessons_and_quiz_to_go_to_any_of_them(lms):
    # A per-module SCO has no course outline, and the LMS's menu lists modules, not lessons: a
    # learner reopening it at lesson 3 could reach lesson 1 only one «Назад» at a time, and the
    # quiz only by reading on. The module lists its own lessons and quiz.
    page, guard, base = lms("scorm2004", sco="per-module")
    frame = launch(page, "2004", base + "01-listening.html")
    steps = frame.locator("nav.module-steps")
    assert steps.count() == 1 and steps.is_visible()
    links = steps.locator("[data-step-link]")
    lessons = frame.locator(".module__body > .lesson")
    assert links.count() == lessons.count() + 1  # the lessons, then the quiz
    assert links.last.text_content() == "Проверьте себя"
    assert links.first.get_attribute("aria-current") == "location"
    frame.locator("summary.module-steps__toggle").click()
    links.last.click()
    frame.wait_for_function("() => document.getElementById('quiz-q-listening').classList.contains('is-current')")
    assert frame.evaluate("document.activeElement.closest('#quiz-q-listening') !== null"), "focus moved to the quiz"
    assert not frame.locator("details.module-steps__details").evaluate("d => d.open"), "the list closed"
    assert links.last.get_attribute("aria-current") == "location"
    assert links.first.get_attribute("aria-current") is None
    # The step the address already names, chosen again: no hashchange, yet the focus goes to it
    # (it fell to the body once the list closed over the focused link).
    frame.locator("summary.module-steps__toggle").click()
    links.last.focus()
    links.last.press("Enter")
    frame.wait_for_function("() => document.activeElement.closest('#quiz-q-listening') !== null")
    # Escape closes the list and the focus goes back to its toggle, as in the outline's drawer.
    frame.locator("summary.module-steps__toggle").click()
    links.first.press("Escape")
    assert not frame.locator("details.module-steps__details").evaluate("d => d.open")
    assert frame.evaluate("document.activeElement.classList.contains('module-steps__toggle')")
    assert links_leaving_the_frame(frame) == []
    frame = launch(page, "2004", base + "01-listening.html", close(page))  # relaunched: the quiz again
    assert frame.locator("#quiz-q-listening").evaluate("q => q.classList.contains('is-current')")
    frame.locator("summary.module-steps__toggle").click()
    frame.locator("nav.module-steps [data-step-link]").first.click()
    frame.wait_for_function("() => document.getElementById('listening--lesson-1').classList.contains('is-current')")
    assert frame.locator(".objectives").is_visible()
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_the_resume_offer_follows_the_saved_state_over_a_bookmark_the_lms_did_not_update(lms, kind, version):
    # Moodle keeps a bookmark set back to its value at launch unchanged (scorm_13.js CollectData skips
    # a value equal to the launch's): launched at the final, the learner went to a module and back, and
    # the next launch offered the module. The state, committed with every save, names the final.
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html")
    go(frame, "01-listening")
    go(frame, "final")
    cmi = relaunched(close(page), version, location="01-listening")
    page.reload()
    frame = launch(page, version, base + "index.html", cmi)
    assert frame.locator("[data-resume-yes]").get_attribute("href") == "#final"
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_an_objectives_best_result_stays_when_a_retake_goes_worse(lms, kind, version):
    # The quiz keeps its best score; its objectives' rows were written over by each attempt, so a
    # learner who passed and retook the quiz badly showed 0 in Moodle's Objectives report.
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html")
    go(frame, "01-listening")
    play_quiz(frame, "q-listening", right=True)
    frame.locator('[data-quiz="q-listening"] [data-retry]').click()
    play_quiz(frame, "q-listening", right=False)
    result = frame.locator('[data-quiz="q-listening"] [data-result]').inner_text()
    assert "Ваш лучший результат сохранён: Тест сдан (100\u00a0%)" in result, "the learner is told the pass stays"
    cmi = close(page)
    listening = {o["id"]: o for o in items(cmi["objectives"])}["listen-o1"]
    assert listening["score"]["raw"] == "100"
    assert (listening["status"] if version == "12" else listening["success_status"]) == "passed"
    assert_all_calls_succeeded(page, "strict")
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_starting_over_after_completing_the_course_keeps_it_completed_in_the_lms(lms, kind, version, profile):
    """«Начать сначала» clears the reading marks, and the pages seen with them: the completion they
    earned is the learner's record, as the quizzes passed are, and the LMS keeps hearing it."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile=profile)
    play_whole_course(frame)
    done = close(page)
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(done, version), profile=profile)
    page.once("dialog", lambda dialog: dialog.accept())
    frame.locator(".resume-banner [data-restart]").click()
    frame.wait_for_function("() => !document.querySelector('section.page[data-page=\"01-listening\"]').hidden")
    assert frame.evaluate("CourseRuntime.state().s") == "2", "the reading marks went"
    assert frame.evaluate("CourseRuntime.status().completed") is True
    again = close(page)
    if version == "12":
        assert again["core"]["lesson_status"] == "passed"
    else:
        assert (again["completion_status"], again["success_status"]) == ("completed", "passed")
    assert_all_calls_succeeded(page, profile)
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_what_an_unreachable_lms_did_not_take_is_saved_at_the_next_launch_for_the_same_learner_only(
        lms, kind, version, profile):
    """The phone loses its connection (between two rooms): nothing the course saves reaches the LMS.
    Moodle's Commit and Finish answer true all the same (a failed request is sent again by beacon);
    the runtime, offline, knows better and tells the learner, who closes the course before the
    connection is back. The state stays in this browser for this learner, and the next launch saves it."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile=profile, learner="learner-1")
    go(frame, "01-listening")
    page.context.set_offline(True)
    page.evaluate("window.lmsUnreachable = true")
    played = play_quiz(frame, "q-listening")
    assert frame.locator("#commit-warning").is_visible()
    assert "сохранится при следующем открытии курса на этом устройстве" in frame.locator("#commit-warning").inner_text()
    listening = str(frame.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-listening')"))
    lost = close(page)
    assert '"ok":1' not in (lost.get("suspend_data") or ""), "the LMS got nothing of the quiz"
    copies = "() => Object.keys(localStorage).filter((k) => k.startsWith('course:sample-course:unsaved:learner-1:'))"
    assert page.evaluate(copies) == [f"course:sample-course:unsaved:learner-1:/{base.strip('./')}/"], \
        "this browser kept it, for this learner and this package's activity"
    page.evaluate("window.lmsUnreachable = false")
    page.context.set_offline(False)

    # Another learner on the same computer: nothing of the first learner's reaches their record.
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(json.loads(json.dumps(lost)), version),
                   profile=profile, learner="learner-2")
    other = frame.evaluate("CourseRuntime.state().q")[listening]
    assert (other["n"], other["ok"], other["r"]) == (0, 0, {})
    close(page)

    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(lost, version), profile=profile, learner="learner-1")
    q = frame.evaluate("CourseRuntime.state().q")[listening]
    assert (q["n"], q["ok"]) == (1, 1) and len(q["r"]) == len(played)
    page.wait_for_function(f"() => !({copies})().length")
    kept = close(page)
    saved = json.loads(kept["suspend_data"])
    assert saved["q"][listening]["ok"] == 1, "the LMS has the quiz passed now"
    # and each answer as an interaction (its Interactions report had none of them), once
    assert sorted(i["id"] for i in items(kept["interactions"])) == sorted(played)
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_resumed_launch_shows_only_its_first_part_while_it_looks_for_a_copy(lms, kind, version):
    """A resumed launch reads IndexedDB before it shows the learner's state: boot.js's mark (only
    what comes first is laid out) stays until then. It went at DOMContentLoaded, and every page of
    the course showed, then was laid out, at a phone's speed, before the runtime hid them."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    go(frame, "01-listening")
    done = close(page)
    # after boot.js's own listener (on the document): the event reaches the window last
    page.context.add_init_script("""window.addEventListener('DOMContentLoaded', function () {
        var runtime = window.CourseRuntime;
        window.atDomReady = { ready: !!(runtime && runtime.ready),
                              booting: document.documentElement.classList.contains('booting') }; });""")
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(done, version), learner="learner-1")
    seen = frame.evaluate("window.atDomReady")
    assert seen["ready"] or seen["booting"], "not every page laid out before the runtime showed one"
    assert frame.evaluate("document.querySelectorAll('section.page:not([hidden])').length") == 1
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_new_attempt_starts_afresh_and_the_copy_of_the_attempt_it_ends_goes(lms, kind, version):
    """«Start a new attempt» (the LMS launches ab-initio) ends the attempt a copy belonged to: the new
    one starts afresh, and the copy goes, so it is not added to the new attempt at its first resume."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    listening, _ = played_offline(page, frame, lambda frame: play_quiz(frame, "q-listening"))
    assert page.evaluate(IDB_COPIES), "a copy is kept"
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", learner="learner-1")
    fresh = frame.evaluate("CourseRuntime.state().q")[listening]
    assert (fresh["n"], fresh["ok"]) == (0, 0)
    wait_for_no_copy_in_indexeddb(page)
    assert not page.evaluate("Object.keys(localStorage).filter((k) => k.indexOf(':unsaved:') > 0)")
    new_attempt = close(page)
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(new_attempt, version), learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["ok"] == 0, "the new attempt's first resume"
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_an_answer_given_offline_before_a_batched_save_went_out_comes_back(lms, kind, version):
    """A page move's save is batched (a Commit at most every few seconds); the connection goes before
    it leaves, and an answer is given offline, its attempt unfinished. The copy names the save the
    LMS holds, the one before the move, not the batched one: at the next launch on this device it
    is the later of the two, and the answer comes back (in Moodle it was taken for older, and lost)."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    listening, lost = played_offline(page, frame, lambda frame: answer(frame, "listen-q1", right=False))
    assert '"r":{"0"' not in (lost.get("suspend_data") or ""), "the LMS got nothing of the answer"
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", relaunched(lost, version),
                                           learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == {"0": "b"}
    wait_for_no_copy_in_indexeddb(page)
    recorded = close(page)
    assert json.loads(recorded["suspend_data"])["q"][listening]["r"] == {"0": "b"}
    answers = [i for i in items(recorded["interactions"]) if i["id"] == "listen-q1"]
    assert [a[RESPONSE[version]] for a in answers] == ["b"], "recorded once, at the launch that saved it"
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(recorded, version), learner="learner-1")
    again = close(page)
    assert len([i for i in items(again["interactions"]) if i["id"] == "listen-q1"]) == 1, "and not again"
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_an_answer_kept_offline_comes_back_though_moodle_said_true_to_a_save_that_never_arrived(lms, kind, version):
    """Offline, an answer is kept in the browser. The connection returns but Moodle cannot be reached:
    its player answers true for the save it will send again by beacon, and it never arrives. The copy
    cannot name the save the LMS holds, only every one the page read or wrote: the LMS holds one of
    those, so the copy is the later state, and the answer comes back."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", profile="moodle45", learner="learner-1")
    go(frame, "01-listening")
    page.context.set_offline(True)
    page.evaluate("window.lmsUnreachable = true")
    answer(frame, "listen-q1", right=False)
    saves = frame.evaluate("window.lmsCommits = 0; document.addEventListener('course:saved', function () { window.lmsCommits++; }); 0")
    page.context.set_offline(False)  # the browser's `online` event: the runtime saves at once
    frame.wait_for_function("() => window.lmsCommits > 0")
    listening = str(frame.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-listening')"))
    lost = close(page)
    assert '"r":{"0"' not in (lost.get("suspend_data") or "") and saves == 0, "the LMS got nothing of the answer"
    page.evaluate("window.lmsUnreachable = false")
    page.reload()
    frame = launch(page, version, base + "index.html", relaunched(lost, version), profile="moodle45", learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == {"0": "b"}
    guard.check()


def test_a_copy_indexeddb_is_too_slow_to_hand_over_stays_for_the_next_launch(lms):
    """A phone's cold start: IndexedDB does not answer within the second the runtime waits for it, and
    Moodle's login cleared localStorage. What IndexedDB holds is not known then: the course starts
    without it, and removes nothing; the next launch finds the copy and saves it."""
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html", learner="learner-1")
    listening, lost = played_offline(page, frame, lambda frame: answer(frame, "listen-q1", right=False))
    page.evaluate("localStorage.clear()")
    # In the package's frame only (the test reads IndexedDB from the LMS's page), while the flag is up:
    # each open answers after 1.5 s; the LMS's page counts the opens still pending.
    page.context.add_init_script("""if (window !== window.top) {
        const open = indexedDB.open.bind(indexedDB);
        indexedDB.open = (...args) => {
          if (!window.top.slowIndexedDb) return open(...args);
          const late = {};
          window.top.slowOpens = (window.top.slowOpens || 0) + 1;
          setTimeout(() => {
            const real = open(...args);
            real.onupgradeneeded = () => { late.result = real.result; if (late.onupgradeneeded) late.onupgradeneeded(); };
            real.onsuccess = () => { late.result = real.result; window.top.slowOpens--; if (late.onsuccess) late.onsuccess(); };
          }, 1500);
          return late;
        }; }""")
    page.reload()
    page.evaluate("window.slowIndexedDb = true")
    frame = launch(page, "12", base + "index.html", relaunched(lost, "12"), learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == {}, "started without the copy"
    page.wait_for_function("() => window.slowOpens === 0")  # what the page asked of IndexedDB is done
    lost_again = close(page)
    assert page.evaluate(IDB_COPIES), "and removed nothing"
    page.reload()
    frame = launch_once_indexeddb_answered(page, "12", base + "index.html", relaunched(lost_again, "12"),
                                           learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == {"0": "b"}
    wait_for_no_copy_in_indexeddb(page)
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_copy_of_an_attempt_the_lms_never_stored_is_saved_when_it_launches_it_anew(lms, kind, version):
    """Every save of a session failed from its start (the connection went in the first seconds): the
    LMS holds nothing of the attempt and launches it anew (ab-initio) next time. The copy is all the
    record there is: it is saved then, not removed as a new attempt's would be."""
    page, guard, base = lms(kind)
    page.evaluate("window.lmsUnreachable = true")
    frame = launch(page, version, base + "index.html", learner="learner-1")
    go(frame, "01-listening")
    answer(frame, "listen-q1", right=False)
    listening = str(frame.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-listening')"))
    assert not (close(page).get("suspend_data") or ""), "the LMS holds nothing of the attempt"
    page.evaluate("window.lmsUnreachable = false")
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == {"0": "b"}
    wait_for_no_copy_in_indexeddb(page)
    assert json.loads(close(page)["suspend_data"])["q"][listening]["r"] == {"0": "b"}, "the LMS has it now"
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_of_one_attempt_only_the_answer_given_offline_is_recorded_again(lms, kind, version):
    """One answer online (recorded then), the next offline: the copy's launch records the second only."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    go(frame, "01-listening")
    answer(frame, "listen-q1", right=True)
    _, lost = played_offline(page, frame, lambda frame: answer(frame, "listen-q2", right=False))
    assert [i["id"] for i in items(lost["interactions"])] == ["listen-q1"]
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", relaunched(lost, version),
                                           learner="learner-1")
    wait_for_no_copy_in_indexeddb(page)
    assert sorted(i["id"] for i in items(close(page)["interactions"])) == ["listen-q1", "listen-q2"]
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_final_submitted_offline_has_its_answers_recorded_at_the_launch_that_saves_it(lms, kind, version):
    """The final records its answers at submit (feedback on submit): submitted offline, they never
    reached the LMS's Interactions report; the copy's launch records them, under the final's own ids."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    played = []

    def take_the_final(frame):
        go(frame, "final")
        played.extend(play_quiz(frame, "q-final"))

    _, lost = played_offline(page, frame, take_the_final)
    assert not items(lost.get("interactions") or {}), "the LMS got none of them"
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", relaunched(lost, version),
                                           learner="learner-1")
    wait_for_no_copy_in_indexeddb(page)
    ids = sorted(recorded_id(frame, "q-final", qid) for qid in played)
    recorded = close(page)
    assert sorted(i["id"] for i in items(recorded["interactions"])) == ids
    guard.check()


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_copy_older_than_what_another_device_saved_since_adds_to_it_and_takes_nothing_away(lms, kind, version):
    """Monday, the phone, offline: one answer, kept in the phone's browser. Tuesday, a laptop: the
    LMS resumes Monday's last save, four answers given and saved. Wednesday, the phone again: the
    copy is older than what the LMS holds now. Tuesday's answers and place stay; the copy's were
    put over them, and saved to the LMS."""
    page, guard, base = lms(kind)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    go(frame, "01-listening")
    monday = json.loads(json.dumps(page.evaluate("window.cmiJSON()")))
    listening, _ = played_offline(page, frame, lambda frame: answer(frame, "listen-q1", right=False))
    assert page.evaluate(IDB_COPIES), "the phone kept the answer"

    laptop, laptop_guard, _ = lms(kind)
    frame = launch(laptop, version, base + "index.html", relaunched(monday, version), learner="learner-1")
    go(frame, "01-listening")
    for qid in ("listen-q1", "listen-q2"):
        answer(frame, qid, right=True)
    tuesday = close(laptop)
    answered = json.loads(tuesday["suspend_data"])["q"][listening]["r"]
    assert len(answered) == 2

    page.reload()
    frame = launch_once_indexeddb_answered(page, version, base + "index.html", relaunched(tuesday, version),
                                           learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["r"] == answered, "Tuesday's answers stay"
    wait_for_no_copy_in_indexeddb(page)
    wednesday = close(page)
    assert json.loads(wednesday["suspend_data"])["q"][listening]["r"] == answered
    assert items(wednesday["interactions"]) == items(tuesday["interactions"]), "no answer recorded twice, none of Monday's"
    guard.check()
    laptop_guard.check()





IDB_COPIES = """() => new Promise((done) => {
    const open = indexedDB.open('course-unsaved', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('copies');
    open.onsuccess = () => {
        const keys = open.result.transaction('copies').objectStore('copies').getAllKeys();
        keys.onsuccess = () => { open.result.close(); done(keys.result); };
    };
})"""
"""The keys of the copies the runtime keeps in IndexedDB (evaluated in the LMS's page: the same origin)."""


def wait_for_no_copy_in_indexeddb(page) -> None:
    """Until IndexedDB holds no copy (its removal is asynchronous). `wait_for_function` takes a promise
    for a truthy value and would return at once: the page looks again after each answer and raises
    a flag, which the test waits for."""
    page.evaluate(f"""() => {{ window.noCopyLeft = false;
        const look = () => ({IDB_COPIES})().then((keys) => {{
            if (keys.length) requestAnimationFrame(look); else window.noCopyLeft = true; }});
        look(); }}""")
    page.wait_for_function("() => window.noCopyLeft === true")


def wait_for_copy_in_indexeddb(page) -> None:
    """Until IndexedDB holds the state localStorage's copy holds. Each write to IndexedDB is
    asynchronous, and one still in flight when the course's frame goes is aborted by the browser (a
    forced close of the frame's connection). A learner closes the course a moment after the last
    answer; a test that closed it in the same millisecond found, under load, 4 times in 90, the copy
    of the answer before, and lost the quiz where only IndexedDB's copy was left."""
    page.evaluate("""() => { window.copyInIndexedDB = false;
        const wanted = () => Object.keys(localStorage).filter((k) => k.indexOf(':unsaved:') > 0)
            .map((k) => [k, JSON.parse(localStorage.getItem(k)).state]);
        const look = () => { const open = indexedDB.open('course-unsaved', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('copies');
            open.onsuccess = () => {
                const store = open.result.transaction('copies').objectStore('copies');
                const copies = wanted(), found = copies.map(([key]) => store.get(key));
                store.transaction.oncomplete = () => { open.result.close();
                    const same = copies.length > 0 && copies.every(([, state], i) =>
                        found[i].result && found[i].result.state === state);
                    if (same) window.copyInIndexedDB = true; else requestAnimationFrame(look); };
            };
        };
        look(); }""")
    page.wait_for_function("() => window.copyInIndexedDB === true")


RESPONSE = {"12": "student_response", "2004": "learner_response"}
"""The learner's response in an interaction, by SCORM version."""


def played_offline(page, frame, play) -> tuple[str, dict]:
    """A phone between two rooms: the connection goes in module 1, `play(frame)` happens, the course
    is closed, the connection comes back. The state key of q-listening and what the LMS kept."""
    go(frame, "01-listening")
    page.context.set_offline(True)
    page.evaluate("window.lmsUnreachable = true")
    play(frame)
    listening = str(frame.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-listening')"))
    wait_for_copy_in_indexeddb(page)
    lost = close(page)
    page.evaluate("window.lmsUnreachable = false")
    page.context.set_offline(False)
    return listening, lost


@pytest.mark.parametrize("kept_by", ["this runtime", "an earlier runtime", "IndexedDB alone"])
@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_copy_kept_offline_is_saved_after_the_administrator_replaced_the_package(lms, kind, version, kept_by):
    """Moodle serves each revision of a package from a folder of its own (…/mod_scorm/content/<n>/).
    A learner's answers kept in the browser while Moodle could not be reached were not found once
    the administrator had replaced the package before the next launch: the copy was keyed by the
    revision's folder. It belongs to the activity; a copy an earlier runtime kept under the old
    revision's key is found too. And every Moodle 4.5 page clears the site's localStorage after a new
    login (core/storage_validation): the copy in IndexedDB is found then."""
    activity = "pluginfile.php/7/mod_scorm/content"
    page, guard, base = lms(kind, at=f"{activity}/1")
    frame = launch(page, version, base + "index.html", learner="learner-1")
    listening, lost = played_offline(page, frame, lambda frame: play_quiz(frame, "q-listening"))
    assert '"ok":1' not in (lost.get("suspend_data") or ""), "the LMS got nothing of the quiz"
    copies = "() => Object.keys(localStorage).filter((k) => k.startsWith('course:sample-course:unsaved:'))"
    kept = page.evaluate(copies)
    assert kept == [f"course:sample-course:unsaved:learner-1:/{activity}/*/"], "kept for the activity"
    assert page.evaluate(IDB_COPIES) == kept, "and kept where Moodle's scripts do not clear it"
    if kept_by == "an earlier runtime":
        page.evaluate("""([from, to]) => {
            localStorage.setItem(to, localStorage.getItem(from)); localStorage.removeItem(from);
            indexedDB.deleteDatabase('course-unsaved'); }""", [kept[0], kept[0].replace("/*/", "/1/")])
    if kept_by == "IndexedDB alone":
        page.evaluate("localStorage.clear()")

    # The package is replaced (content revision 2); Moodle resumes the attempt with what it holds.
    # The learner leaves while still offline: the leaving page's save does not reach the LMS either.
    replaced = lms.unpack(kind, at=f"{activity}/2")
    page.evaluate("window.lmsUnreachable = true")
    page.reload()
    frame = launch_once_indexeddb_answered(page, version, replaced + "index.html", relaunched(lost, version),
                                           learner="learner-1")
    q = frame.evaluate("CourseRuntime.state().q")[listening]
    assert (q["n"], q["ok"]) == (1, 1), "the answers kept offline are back"
    page.wait_for_function(f"() => !({copies})().length")
    wait_for_no_copy_in_indexeddb(page)
    assert frame.evaluate("!!(CourseRuntime.nav && CourseRuntime.home)"), "lessons and completion waited for it"
    cmi = close(page)
    assert json.loads(cmi["suspend_data"])["q"][listening]["ok"] == 1, "the LMS has the quiz passed now"
    objective = {o["id"]: o for o in items(cmi["objectives"])}["listen-o1"]
    assert objective["score"]["raw"] == "100", "and the quiz's results per objective, as at the attempt's end"
    guard.check()


@pytest.mark.parametrize("profile", PROFILES)
def test_back_online_the_runtime_saves_at_once_what_could_not_arrive(lms, profile):
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html", profile=profile, learner="learner-1")
    go(frame, "01-listening")
    page.context.set_offline(True)
    page.evaluate("window.lmsUnreachable = true")
    answer(frame, "listen-q1")
    assert frame.locator("#commit-warning").is_visible()
    pause_clock(page)  # no retry of its own comes in between: the connection's return saves
    page.evaluate("window.lmsUnreachable = false")
    page.context.set_offline(False)
    frame.wait_for_function("() => document.getElementById('commit-warning').textContent.indexOf('снова') >= 0")
    assert '"r":{"0":"a"}' in page.evaluate("window.cmiJSON()")["suspend_data"]
    guard.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_save_warning_is_on_screen_at_a_quizs_end_on_a_phone_and_in_the_page_at_400_percent(lms, scheme):
    """Scrolled to a quiz's end on a phone, a warning at the top of the page went unseen: it stays at
    the bottom of the screen, over nothing the learner cannot scroll to. A screen too low for it (a
    zoom of 400 %) keeps it in the page."""
    page, guard, base = lms("scorm12")
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 375, "height": 700})
    frame = launch(page, "12", base + "index.html", learner="learner-1")
    go(frame, "01-listening")
    page.evaluate("window.failCommits = true")
    play_quiz(frame, "q-listening")
    frame.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    rect = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [r.top, r.bottom]; }"
    top, bottom = frame.evaluate(rect, "#commit-warning")
    assert 0 <= top and bottom <= frame.evaluate("window.innerHeight"), "the warning is on screen"
    assert frame.evaluate(rect, "footer.footer")[1] <= top + 1, "the page's end scrolls clear of it"
    # A control reached by the keyboard is scrolled into view above the warning, not under it (as
    # Firefox and Safari scroll a focused control: to the nearest edge; Chromium centres it).
    frame.evaluate("window.scrollTo(0, 0)")
    frame.evaluate("""() => { const h = document.createElement('button'); h.id = 'probe'; h.textContent = 'x';
        const after = document.querySelector('section.page:not([hidden]) .quiz') || document.querySelector('main');
        after.appendChild(h); }""")
    frame.evaluate("document.getElementById('probe').scrollIntoView({block: 'nearest'})")
    assert frame.evaluate(rect, "#probe")[1] <= frame.evaluate(rect, "#commit-warning")[0]
    frame.evaluate("document.getElementById('probe').remove()")
    results = Axe().run(frame, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 320, "height": 256})  # 1280 x 1024 at 400 %
    frame.evaluate("window.scrollTo(0, 0)")
    assert frame.evaluate("getComputedStyle(document.getElementById('commit-warning')).position") == "static"
    page.evaluate("window.failCommits = false")
    guard.check()


def read_to_the_end(frame, scope: str = "") -> None:
    """Open a module's first lesson and follow «Продолжить» at each lesson's end to its quiz, as a reader does."""
    first = frame.evaluate("(s) => document.querySelector(s + '.lesson').id", scope)
    frame.evaluate("(id) => { location.hash = id; }", first)
    wait_for_step(frame, "#" + first)
    while frame.locator(scope + CONTINUE).count():
        press_continue(frame, within=scope)


@pytest.fixture(scope="module")
def reading_dist(tmp_path_factory) -> Path:
    """The sample course whose rule asks for every lesson of every module read to its end, as packages."""
    from builder.build import build
    from builder.targets import BuildOptions
    from conftest import SAMPLE

    root = tmp_path_factory.mktemp("reading-lms") / "course"
    shutil.copytree(SAMPLE, root)
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace(
        "modules_seen: all", "modules_seen: all\n  modules_read: all"), encoding="utf-8")
    build(root, root / "dist", ["scorm12", "scorm2004"])
    build(root, root / "dist" / "per-module", ["scorm12"], BuildOptions(sco="per-module"))
    return root / "dist"


@pytest.mark.parametrize("kind,version", [("scorm12", "12"), ("scorm2004", "2004")])
def test_a_rule_that_asks_for_every_lesson_read_keeps_the_lms_at_incomplete_until_they_are(lms, reading_dist, kind, version):
    page, guard, base = lms(kind, dist=reading_dist)
    frame = launch(page, version, base + "index.html", learner="learner-1")
    play_whole_course(frame)  # every quiz passed, each module opened at its quiz: lessons skipped
    cmi = page.evaluate("window.cmiJSON()")
    assert (cmi["core"]["lesson_status"] if version == "12" else (cmi["completion_status"], cmi["success_status"])) == \
        ("incomplete" if version == "12" else ("incomplete", "unknown"))
    for module in ("01-listening", "02-questions"):
        go(frame, module)
        read_to_the_end(frame, f'section.page[data-page="{module}"] ')
    done = close(page)
    if version == "12":
        assert done["core"]["lesson_status"] == "passed"
    else:
        assert (done["completion_status"], done["success_status"]) == ("completed", "passed")
    guard.check()


def test_a_per_module_sco_under_a_reading_rule_is_passed_once_its_lessons_are_read(lms, reading_dist):
    page, guard, base = lms("scorm12", sco="per-module", dist=reading_dist / "per-module")
    frame = launch(page, "12", base + "01-listening.html", learner="learner-1")
    play_quiz(frame, "q-listening")
    assert page.evaluate("window.cmiJSON()")["core"]["lesson_status"] == "incomplete", "its lessons are not read"
    read_to_the_end(frame)
    assert close(page)["core"]["lesson_status"] == "passed"
    guard.check()


def test_per_module_scos_opened_without_an_lms_each_keep_their_own_state(sample_dist, serve, new_page, tmp_path):
    """Opened from disk, every SCO of a per-module package falls back to the browser: they shared one
    state, so a module passed made the next SCO, whose own rule is its own module, count as done."""
    server = served_without_an_lms(sample_dist / "per-module", serve, tmp_path)
    page, guard = new_page(allowed=(server.url,))
    page.goto(server.url + "/01-listening.html")
    wait_ready(page)
    play_quiz(page.main_frame, "q-listening")
    assert page.evaluate("CourseRuntime.status().completed") is True
    page.goto(server.url + "/02-questions.html")
    wait_ready(page)
    assert page.evaluate("CourseRuntime.status().completed") is False
    assert page.evaluate("CourseRuntime.state().s") == "4", "only its own page is seen"
    guard.check()


def test_a_copy_older_than_thirty_days_is_forgotten_at_launch(lms):
    """A shared computer keeps no learner's unsaved state for long: at launch, copies of the course
    older than 30 days go (and the one an earlier runtime kept, never read), recent ones stay."""
    page, guard, base = lms("scorm12")
    frame = launch(page, "12", base + "index.html", learner="learner-1")
    folder = frame.evaluate("location.pathname.replace(/[^\\/]*$/, '')")
    listening = str(frame.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-listening')"))
    passed = frame.evaluate("(k) => { const s = JSON.parse(JSON.stringify(CourseRuntime.state())); "
                            "s.q[k] = Object.assign({}, s.q[k], {n: 1, b: 100, s: 100, ok: 1, fin: 1}); return JSON.stringify(s); }",
                            listening)
    cmi = close(page)
    day = 86400000
    page.evaluate("""([folder, state, day]) => {
        const now = Date.now();
        localStorage.setItem('course:sample-course:unsaved', state);
        localStorage.setItem('course:sample-course:unsaved:learner-1:' + folder,
          JSON.stringify({learner: 'learner-1', state: state, at: now - 31 * day}));
        localStorage.setItem('course:sample-course:unsaved:learner-3:/elsewhere/',
          JSON.stringify({learner: 'learner-3', state: state, at: now - day}));
    }""", [folder, passed, day])
    page.evaluate("""([folder, state, day]) => new Promise((done) => {
        const open = indexedDB.open('course-unsaved', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('copies');
        open.onsuccess = () => {
          const tx = open.result.transaction('copies', 'readwrite'), now = Date.now();
          tx.objectStore('copies').put({learner: 'learner-1', state: state, at: now - 31 * day},
                                       'course:sample-course:unsaved:learner-1:' + folder);
          tx.objectStore('copies').put({learner: 'learner-3', state: state, at: now - day},
                                       'course:sample-course:unsaved:learner-3:/elsewhere/');
          tx.oncomplete = () => { open.result.close(); done(); };
        };
    })""", [folder, passed, day])
    page.reload()
    frame = launch(page, "12", base + "index.html", relaunched(cmi, "12"), learner="learner-1")
    assert frame.evaluate("CourseRuntime.state().q")[listening]["ok"] == 0, "a copy a month old is not restored"
    keys = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('course:sample-course:unsaved'))")
    assert keys == ["course:sample-course:unsaved:learner-3:/elsewhere/"]
    assert page.evaluate(IDB_COPIES) == keys, "nor the one in IndexedDB, which goes too"
    guard.check()


LONG_ANSWER = "Открытый вопрос, отражение и резюме помогают клиенту рассказать о своём. " * 3
"""A long accepted answer: the state keeps a typed answer up to the longest accepted one (200 at most)."""


@pytest.fixture(scope="module")
def long_answers_dist(tmp_path_factory) -> Path:
    """The sample course with ten typed-answer questions more in each module quiz, whose accepted answer
    is long: two quizzes' open attempts then hold more than SCORM 1.2's 4096 characters."""
    from builder.build import build
    from conftest import SAMPLE

    root = tmp_path_factory.mktemp("long-answers") / "course"
    shutil.copytree(SAMPLE, root)
    for name, objective in (("01-listening", "listen-o1"), ("02-questions", "quest-o1")):
        bank = root / "quizzes" / f"{name}.yml"
        bank.write_text(bank.read_text(encoding="utf-8") + "".join(
            f"  - id: {objective}-long{n}\n    type: fill_in\n    objective: {objective}\n"
            f"    prompt: Перечислите приёмы активного слушания ({n}).\n    answers: ['{LONG_ANSWER}']\n"
            for n in range(1, 11)), encoding="utf-8")
    build(root, root / "dist", ["scorm12"])
    return root / "dist"


def answer_at_length(frame, qid: str) -> None:
    """A wrong typed answer as long as the state keeps (it is kept cut, with «…»)."""
    quiz = frame.evaluate("(id) => CourseRuntime.data.questions[id].quiz", qid)
    reveal(frame, f'[data-quiz="{quiz}"]')
    node = frame.locator(f'[data-quiz="{quiz}"] li.question[data-q="{qid}"]')
    node.locator("input[type=text]").fill("не знаю " * 60)
    node.locator("[data-check-answer]").click()
    frame.wait_for_function("(id) => !!document.querySelector(`li.question[data-q='${id}'] .verdict`)", arg=qid)


def test_answers_a_shortened_state_left_out_are_not_recorded_again_from_a_copy(lms, long_answers_dist):
    """SCORM 1.2: two module quizzes left open hold more than 4096 characters, so the state the LMS
    keeps drops the answers of the quiz not on screen (`k: 1`); they were recorded when given. Then
    an answer is given offline and kept in the browser. At the next launch the copy, which has every
    answer, is saved: only the offline answer is recorded again, not those the LMS's text left out."""
    page, guard, base = lms("scorm12", dist=long_answers_dist)
    frame = launch(page, "12", base + "index.html", learner="learner-1")
    listening = [f"listen-o1-long{n}" for n in range(1, 11)]
    questions = [f"quest-o1-long{n}" for n in range(1, 11)]
    go(frame, "01-listening")
    for qid in listening:
        answer_at_length(frame, qid)
    go(frame, "02-questions")
    for qid in questions:
        answer_at_length(frame, qid)
    keys = frame.evaluate("Object.keys(CourseRuntime.data.quizzes)")
    a, b = str(keys.index("q-listening")), str(keys.index("q-questions"))
    page.context.set_offline(True)
    page.evaluate("window.lmsUnreachable = true")
    answer(frame, "quest-q1", right=False)
    lost = close(page)
    page.evaluate("window.lmsUnreachable = false")
    page.context.set_offline(False)
    held = json.loads(lost["suspend_data"])
    assert len(lost["suspend_data"]) <= 4096 and held["k"] == 1, "the LMS keeps a shortened state"
    assert held["q"][a]["r"] == {} and len(held["q"][b]["r"]) == 10, "quiz 1's answers left out, quiz 2's kept"
    recorded = [i["id"] for i in items(lost["interactions"])]
    assert sorted(recorded) == sorted(listening + questions), "each recorded once, when given"
    page.reload()
    frame = launch(page, "12", base + "index.html", relaunched(lost, "12"), learner="learner-1")
    assert len(frame.evaluate("CourseRuntime.state().q")[a]["r"]) == 10, "the copy brought quiz 1's answers back"
    wait_for_no_copy_in_indexeddb(page)
    again = close(page)
    assert sorted(i["id"] for i in items(again["interactions"])) == sorted(listening + questions + ["quest-q1"])
    guard.check()
