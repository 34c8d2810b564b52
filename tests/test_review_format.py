"""The authoring keys a curriculum review needs (issue 14, step 1): questions assessing several
objectives, content warnings on questions and quizzes, a final quiz with its own bank, local
settings filled into Markdown, and clinical_review on glossary entries."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
import zipfile

from builder.build import build, get_course
from builder.errors import Diagnostics
from builder.runtime_data import question_data
from builder.targets.handout import HandoutWriter
from builder.targets.paper import call, content, text
from fixtures_reader import make_course

FINAL_BANK = """\
id: q-final
title: Final
attempts: 3
shuffle: true
feedback: on_submit
content_warning: "One case mentions a death."
pool: {draw: 2, by: objective}
questions:
  - id: fin-q01
    type: single
    objectives: [intro-o2, intro-o1]
    content_warning: "This case ends with a death."
    prompt: A patient after a weekend.
    options:
      - text: Ask about substances
        correct: true
        feedback: Right, it opens the talk.
      - text: Lecture them
        feedback: It closes the talk.
    explanation: "Because [@doc:1-2]."
  - id: fin-q02
    type: true_false
    objective: intro-o1
    prompt: Harm reduction starts where the person is.
    answer: true
  - id: fin-q03
    type: single
    objectives: [intro-o1]
    prompt: A sex worker at reception.
    options:
      - text: Welcome her
        correct: true
      - text: Send her away
"""

CHANGES = f"""\
=== course/course.yml ~ passing_score: 80 => passing_score: 80\\nfinal_quiz: q-final
=== modules/01-intro.md ~     text: Know things. =>     text: Know things.\\n  - id: intro-o2\\n    text: Do things.
=== quizzes/final.yml
{FINAL_BANK}"""


def final_course(tmp_path):
    root = make_course(tmp_path, CHANGES)
    diags = Diagnostics()
    course = get_course(root, diags)
    assert not diags.items, [d.format() for d in diags.items]
    return root, course


def test_objectives_list_primary_first_and_every_objective_counts_as_assessed(tmp_path):
    root, course = final_course(tmp_path)
    question = next(q for q in course.all_questions() if q.id == "fin-q01")
    assert question.objective == "intro-o2" and question.objectives == ["intro-o2", "intro-o1"]
    assert question_data(question)["obj"] == "intro-o2"
    assert question_data(question)["objs"] == ["intro-o2", "intro-o1"]
    single = next(q for q in course.all_questions() if q.id == "fin-q02")
    assert single.objectives == ["intro-o1"] and "objs" not in question_data(single)


def test_a_secondary_objective_is_assessed(tmp_path):
    # intro-o2 is assessed only as the second objective of a question: no 'unassessed' warning.
    changes = CHANGES.replace("objectives: [intro-o2, intro-o1]", "objectives: [intro-o1, intro-o2]")
    diags = Diagnostics()
    get_course(make_course(tmp_path, changes), diags)
    assert not diags.items, [d.format() for d in diags.items]


def test_final_with_its_own_bank_builds_in_every_target_with_its_content_warnings(tmp_path):
    root, course = final_course(tmp_path)
    final = course.final_quiz
    assert [q.id for q in final.bank] == ["fin-q01", "fin-q02", "fin-q03"] and final.draw_count == 2
    out = tmp_path / "dist"
    build(root, out, ["html", "single", "scorm12"])
    page = (out / "site" / "final.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="course-data">(.*?)</script>', page).group(1))
    script = (out / "site" / "runtime" / "course-data.js").read_text()
    shared = json.loads(script[len("window.COURSE_DATA="):-2])
    assert shared["quizzes"]["q-final"]["bank"] == ["fin-q01", "fin-q02", "fin-q03"]
    assert shared["quizzes"]["q-final"]["draw"] == 2 and shared["quizzes"]["q-final"]["by"] == "objective"
    assert data["questions"]["fin-q01"]["objs"] == ["intro-o2", "intro-o1"]
    note = '<p class="content-note" role="note"><strong class="content-note__label">Предупреждение о содержании:</strong> '
    assert page.count(note) == 2
    # The quiz's note comes before its questions; the question's note before its prompt.
    assert page.index(note + "One case mentions a death.") < page.index('data-q="fin-q01"')
    assert page.index('data-q="fin-q01"') < page.index(note + "This case ends with a death.") < page.index("A patient after a weekend.")
    single = next((out).glob("*.html")).read_text()
    assert single.count(note) == 2
    package = next(out.glob("*scorm12*.zip"))
    with zipfile.ZipFile(package) as archive:
        html = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".html"))
    assert note + "This case ends with a death." in html and note + "One case mentions a death." in html


def test_worksheets_and_answer_key_carry_the_content_warnings(tmp_path):
    _, course = final_course(tmp_path)
    documents = {d.stem.rsplit("-", 1)[-1]: d.markup for d in HandoutWriter(course).documents()}
    note = lambda words: call("content-note", content(text("Предупреждение о содержании:")), content(text(words)))  # noqa: E731
    assert note("This case ends with a death.") in documents["worksheets"]
    assert note("One case mentions a death.") in documents["worksheets"]
    assert note("This case ends with a death.") in documents["guide"]
    assert text("intro-o2, intro-o1") in documents["guide"]


def test_local_settings_warn_once_per_unset_key_and_ask_is_silent(tmp_path):
    changes = (
        "=== modules/01-intro.md ~ Text with a citation => "
        "Line {{local.crisis_line}}, protocol {{local.suicide_protocol}}, contacts {{local.referral_contacts}}, "
        "again {{local.referral_contacts}}. Text with a citation"
    )
    root = make_course(tmp_path, changes)
    diags = Diagnostics()
    course = get_course(root, diags)
    # crisis_line is set, suicide_protocol is `ask`: only referral_contacts is reported, once, with both uses.
    assert [(d.code, d.severity) for d in diags.items] == [("course.local-unset", "warning")]
    # Located at its first use, as an undefined name is, with the other use listed.
    # (each at its own column: the setting is written twice on the line)
    assert str(diags.items[0].loc) == "modules/01-intro.md:14:75"
    assert "'referral_contacts'" in diags.items[0].message
    assert "(also used at modules/01-intro.md:14:110)" in diags.items[0].message
    body = course.modules[0].body.html
    assert "8-800-000-00-00 (круглосуточно)" in body
    assert body.count("уточните в своей организации") == 3
    assert "{{" not in body


def test_glossary_entries_carry_clinical_review(tmp_path):
    changes = '=== course/glossary.yml ~   source: "doc:1" =>   source: "doc:1"\\n  clinical_review:\\n    - text: Check the window.\\n      source: "doc:2"'
    diags = Diagnostics()
    course = get_course(make_course(tmp_path, changes), diags)
    assert not diags.items
    [note] = course.glossary[0].clinical_review
    assert (note.text, note.source.label, note.loc.path, note.loc.line) == ("Check the window.", "doc:2", "course/glossary.yml", 6)


# ---- Reviews and the governance state ------------------------------------------------------

GOVERNANCE = """\
governance:
  owner: Training unit
  reviewer: To be appointed
  review_by: 2099-01-01
reviews:
  - module: intro
    reviewer: Dr A
    role: clinician
    date: 2026-12-01
    scope: clinical content
"""
NO_REVIEW = "  - module: intro\n    reviewer: Dr A\n    role: clinician\n    date: 2026-12-01\n    scope: clinical content\n"


def governed(governance: str = GOVERNANCE) -> str:
    """Changes to the base course that add a governance block and reviews."""
    return "=== course/course.yml ~ passing_score: 80 => passing_score: 80\\n" + governance.replace("\n", "\\n")


REVIEWED = governed()
UNREVIEWED = governed(GOVERNANCE.replace(NO_REVIEW, "").replace("reviews:", "reviews: []"))


def diagnostics_of(root):
    diags = Diagnostics()
    course = get_course(root, diags)
    return course, [d.format() for d in diags.sorted()]


def test_a_module_without_a_review_is_a_notice_that_strict_accepts(tmp_path):
    root = make_course(tmp_path, UNREVIEWED)
    diags = Diagnostics()
    get_course(root, diags)
    assert [d.format() for d in diags.sorted()] == [
        "course/glossary.yml:1:1: notice: 'glossary' has no signed review yet; build the review edition (course build --format review --sources DIR) and record the sign-off under 'reviews:' in course.yml [review.missing]",
        "modules/01-intro.md:1:1: notice: 'intro' has no signed review yet; build the review edition (course build --format review --sources DIR) and record the sign-off under 'reviews:' in course.yml [review.missing]",
    ]
    diags.raise_if_errors(strict=True)  # notices never fail a run


def test_reviews_past_review_by_are_out_of_date(tmp_path):
    import datetime as dt

    from builder.validate import check_reviews

    course, _ = diagnostics_of(make_course(tmp_path, REVIEWED))
    diags = Diagnostics()
    check_reviews(course, diags, today=dt.date(2099, 1, 2))
    assert [d.message for d in diags.items if d.loc.path.startswith("modules/")] == [
        "the review of 'intro' is out of date: governance.review_by (2099-01-01) has passed"]


def test_a_last_review_date_needs_a_review_behind_it(tmp_path):
    changes = governed(GOVERNANCE.replace("  review_by: 2099-01-01", "  last_review: 2026-11-23\n  review_by: 2099-01-01"))
    _, lines = diagnostics_of(make_course(tmp_path, changes))
    assert lines == [
        "course/course.yml:10:16: warning: governance.last_review is 2026-11-23 but no review under 'reviews:' has that date; "
        "record the review (module, reviewer, role, date) under 'reviews:', or remove 'last_review' (the date is taken from the reviews) [review.unbacked]",
        "course/glossary.yml:1:1: notice: 'glossary' has no signed review yet; build the review edition (course build --format review --sources DIR) and record the sign-off under 'reviews:' in course.yml [review.missing]",
    ]


def test_a_review_of_an_unknown_module_is_an_error_with_a_suggestion(tmp_path):
    _, lines = diagnostics_of(make_course(tmp_path, governed(GOVERNANCE.replace("module: intro", "module: intra"))))
    assert "course/course.yml:12:5: review names 'intra', which is not a module of the course, 'glossary' or 'course'; did you mean 'intro'? [ref.module]" in lines


def test_home_page_and_manifest_show_the_real_review_state(tmp_path):
    for changes, state, name in ((UNREVIEWED, "Ещё не проверено", "none"), (REVIEWED, "Проверено модулей: 1 из 1", "one")):
        root = make_course(tmp_path / name, changes)
        out = tmp_path / name / "dist"
        build(root, out, ["html", "scorm2004"])
        home = (out / "site" / "index.html").read_text()
        assert f"<dd data-review-state>{state}" in home
        with zipfile.ZipFile(next(out.glob("*scorm2004*.zip"))) as archive:
            manifest = archive.read("imsmanifest.xml").decode()
        guide = next(d.markup for d in HandoutWriter(get_course(root, Diagnostics())).documents() if d.stem.endswith("guide"))
        assert f"({content(text('Рецензирование'))}, [{text(state)}" in guide
        if name == "none":
            assert "2026-12-01" not in home and "Последняя проверка" not in home and text("1 декабря 2026 г.") not in guide
            assert "not yet reviewed" in manifest and "<lom:value>draft</lom:value>" in manifest and "validator" not in manifest
        else:
            on_page = '<time datetime="2026-12-01">1 декабря 2026 г.</time>'
            assert f"Dr A (clinician), {on_page}" in home and f"Последняя проверка</dt><dd>{on_page}" in home
            assert text("1 декабря 2026 г.") in guide
            assert "last review: 2026-12-01 (1 of 1 modules)" in manifest and "FN:Dr A (clinician)" in manifest


def test_stats_show_the_final_bank_per_objective_and_flag_recall_items(tmp_path):
    from builder.stats import course_stats, format_stats

    numeric = "  - id: fin-q04\n    type: numeric\n    objective: intro-o2\n    prompt: How many hours?\n    answer: 72\n"
    root = make_course(tmp_path, CHANGES + numeric)
    diags = Diagnostics()
    course = get_course(root, diags)
    rows = course_stats(course)
    bank = rows[-1]["final_bank"]
    # fin-q01 counts for both of its objectives; fin-q02 and fin-q03 for intro-o1; fin-q04 for intro-o2.
    assert bank["per_objective"] == {"intro-o1": 3, "intro-o2": 2}
    assert bank["own_questions"] == 4 and bank["included_questions"] == 0 and bank["draw"] == 2 and bank["by"] == "objective"
    assert bank["below_goal"] == [] and bank["recall_items"] == ["fin-q04"]
    text = format_stats(rows)
    assert "final bank of q-final: 4 own question(s); 2 drawn per attempt (by objective)" in text
    assert "numeric or fill-in items in the final bank: fin-q04  << recall items" in text
    thin = course_stats(final_course(tmp_path / "thin")[1])[-1]["final_bank"]
    assert thin["per_objective"] == {"intro-o1": 3, "intro-o2": 1} and thin["below_goal"] == ["intro-o2"]
    assert re.search(r"^  intro-o2 +1  << below goal$", format_stats(course_stats(final_course(tmp_path / "thin2")[1])), re.M)


def test_the_bundled_course_says_it_is_not_yet_reviewed_and_leaves_local_details_to_each_clinic(tmp_path):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    diags = Diagnostics()
    course = get_course(repo, diags)
    assert course.tracks_reviews and course.reviews == [] and course.last_review is None
    assert course.governance.last_review is None
    assert set(course.local.values()) == {"ask"} and len(course.local) == 4
    assert {d.code for d in diags.items} <= {"review.missing", "quiz.longest-right"}  # notices only: --strict passes
    build(repo, tmp_path / "dist", ["html"])
    home = (tmp_path / "dist" / "site" / "index.html").read_text()
    assert "<dd data-review-state>Ещё не проверено" in home and "Последняя проверка" not in home
    # Nothing is signed yet, so every role the course requires is awaited (not two named whatever it requires).
    assert "ни одна рецензия не подписана; ждут подписи: клинический рецензент, юрист<" in home
    # The next review's date as a Russian reader writes it (it read «2027-05-23»), ISO for machines.
    review_by = course.governance.review_by
    assert f'<time datetime="{review_by.isoformat()}">{review_by.day} мая {review_by.year} г.</time>' in home


def test_stats_of_a_final_drawn_from_module_quizzes_say_so_and_the_total_counts_every_question(tmp_path):
    # A final with no questions of its own (include: all): every objective showed 0 and "below
    # goal" with no word of the module questions it draws, and the total left questions blank.
    from builder.stats import course_stats, format_stats

    root = tmp_path / "course"
    shutil.copytree(Path(__file__).resolve().parents[1] / "builder" / "sample", root)
    shutil.copy(Path(__file__).resolve().parent / "fixtures" / "final-of-module-questions.yml", root / "quizzes" / "final.yml")
    course = get_course(root, Diagnostics())
    rows = course_stats(course)
    bank = rows[-1]["final_bank"]
    assert bank["own_questions"] == 0 and bank["from_modules"] == {"listen-o1": 2, "listen-o2": 3, "quest-o1": 4}
    text = format_stats(rows)
    assert re.search(r"^  listen-o2 +0  << below goal  \(\+3 from module quizzes\)$", text, re.M)
    assert "questions from module quizzes do not count towards the goal" in text
    total = next(line for line in text.splitlines() if line.startswith("total"))
    assert total.split()[3] == str(len(course.all_questions())) == "8"


ROLES = GOVERNANCE.replace("  review_by: 2099-01-01", "  review_by: 2099-01-01\n  required_roles: [clinician, lawyer]")
LAWYER = "  - module: intro\n    reviewer: Ms B\n    role: Lawyer\n    date: 2026-12-02\n"
GLOSSARY_SIGNED = "  - module: glossary\n    reviewer: Dr G\n    role: {role}\n    date: 2026-12-02\n"


def test_with_required_roles_a_module_counts_as_reviewed_once_every_role_has_signed(tmp_path):
    from builder.targets.review import ReviewMaterial, ReviewRenderer

    glossary = GLOSSARY_SIGNED.format(role="clinician") + GLOSSARY_SIGNED.format(role="lawyer")
    for name, changes, state in (("clinician", ROLES + glossary, "Проверено модулей: 0 из 1; ждут подписи: lawyer<"),
                                 ("glossary", ROLES + LAWYER + GLOSSARY_SIGNED.format(role="clinician"),
                                  "Проверено модулей: 1 из 1; глоссарий ждёт подписи: lawyer<"),
                                 ("both", ROLES + LAWYER + glossary, "Проверено модулей: 1 из 1<")):
        root = make_course(tmp_path / name, governed(changes))
        course, lines = diagnostics_of(root)
        unsigned = [line for line in lines if "modules/01-intro.md" in line]
        out = tmp_path / name / "dist"
        build(root, out, ["html", "scorm2004"])
        assert f"<dd data-review-state>{state}" in (out / "site" / "index.html").read_text()
        guide = next(d.markup for d in HandoutWriter(course).documents() if d.stem.endswith("guide"))
        assert text(state.rstrip("<")) in guide, "the guide's cover says the same"
        edition = ReviewRenderer(course, ReviewMaterial(course, {})).document()
        assert f"<dd data-review-state>{state}" in edition, "and so does the review edition's"
        with zipfile.ZipFile(next(out.glob("*scorm2004*.zip"))) as archive:
            manifest = archive.read("imsmanifest.xml").decode()
        rows = [(review.reviewer if review else None, role) for review, role in ReviewMaterial(course, {}).signoff_rows("intro")]
        # Final once every module and the glossary are signed off in every role.
        assert f"<lom:value>{'final' if name == 'both' else 'draft'}</lom:value>" in manifest, "LOM status"
        if name == "clinician":
            # Signed by the clinician alone: still not reviewed, and the lawyer's row is left to sign.
            assert unsigned == ["modules/01-intro.md:1:1: notice: 'intro' is not yet signed off by: lawyer "
                                "(governance.required_roles); until then it counts as not reviewed; record that review "
                                "under 'reviews:' with its role written as in required_roles [review.missing]"]
            assert "(0 of 1 modules)" in manifest and rows == [("Dr A", "clinician"), (None, "lawyer")]
        elif name == "both":
            # «Lawyer» is the role «lawyer»: case and spacing do not make another role.
            assert unsigned == [] and "(1 of 1 modules)" in manifest
            assert rows == [("Ms B", "Lawyer"), ("Dr A", "clinician")]


COURSE_SIGNED = "  - module: course\n    reviewer: Dr C\n    role: {role}\n    date: 2026-12-03\n"


def test_the_final_s_own_questions_and_the_glossary_count_until_they_are_signed(tmp_path):
    # A final with questions of its own is signed only by a review of the whole course (its sign-off table
    # in the review edition): modules and glossary signed without one left the course "final" for an LMS.
    both = lambda form: form.format(role="clinician") + form.format(role="lawyer")  # noqa: E731
    cases = (
        ("modules", ROLES + LAWYER + both(GLOSSARY_SIGNED),
         "Проверено модулей: 1 из 1; итоговый тест ждёт подписи: clinician, lawyer<", "draft"),
        ("course", ROLES + LAWYER + both(GLOSSARY_SIGNED) + both(COURSE_SIGNED), "Проверено модулей: 1 из 1<", "final"),
        # Without required roles an unsigned part is named too: the LOM status is draft, and the page says why.
        ("no roles", GOVERNANCE + GLOSSARY_SIGNED.format(role="clinician"),
         "Проверено модулей: 1 из 1; итоговый тест не подписан<", "draft"),
        ("no roles, module only", GOVERNANCE, "Проверено модулей: 1 из 1; глоссарий не подписан; итоговый тест не подписан<",
         "draft"),
        # A review of the whole course signs everything: the glossary and the final's questions too.
        ("no roles, whole course", GOVERNANCE + COURSE_SIGNED.format(role="clinician"), "Проверено модулей: 1 из 1<",
         "final"),
    )
    for name, reviews, state, status in cases:
        root = make_course(tmp_path / name.replace(" ", "-").replace(",", ""), governed(reviews) + "\n" + CHANGES)
        course, lines = diagnostics_of(root)
        out = tmp_path / name.replace(" ", "-").replace(",", "") / "dist"
        build(root, out, ["html", "scorm2004"])
        assert f"<dd data-review-state>{state}" in (out / "site" / "index.html").read_text(), name
        with zipfile.ZipFile(next(out.glob("*scorm2004*.zip"))) as archive:
            assert f"<lom:value>{status}</lom:value>" in archive.read("imsmanifest.xml").decode(), name
        final_notes = [line.split(";")[0] for line in lines if line.startswith("quizzes/final.yml:1:1: notice")]
        unsigned = ["quizzes/final.yml:1:1: notice: the final's own questions (a review of 'course' signs them) have no "
                    "signed review yet"]
        assert final_notes == (unsigned if status == "draft" else []), name


def test_a_review_whose_role_is_not_a_required_one_is_a_warning_at_its_role(tmp_path):
    changes = governed(ROLES + LAWYER.replace("role: Lawyer", "role: lawyr"))
    course, lines = diagnostics_of(make_course(tmp_path, changes))
    assert ("course/course.yml:20:11: warning: the review of 'intro' by Ms B is signed as 'lawyr', which is none of "
            "governance.required_roles (clinician, lawyer): it signs off no required role; did you mean 'lawyer'? "
            "[review.role]") in lines
    assert course.unsigned_roles("intro") == ["lawyer"] and course.reviewed_modules() == []
    # A rejection signs nothing off: its role, however written, is no warning (reviews: is the record).
    rejected = governed(ROLES + LAWYER.replace("role: Lawyer", "role: юрисконсульт\n    decision: rejected"))
    assert not [line for line in diagnostics_of(make_course(tmp_path / "rejected", rejected))[1] if "review.role" in line]
    twice = governed(ROLES.replace("[clinician, lawyer]", "[clinician, Clinician]"))
    assert ("course/course.yml:11:19: warning: governance.required_roles names 'clinician' twice; write each role "
            "once [review.role]") in diagnostics_of(make_course(tmp_path / "twice", twice))[1]
