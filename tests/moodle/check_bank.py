"""Check the question banks in the real Moodle bed (../shared/moodle-bed, not part of CI).

    source ../shared/moodle-bed/bed.env
    .venv/bin/python tests/moodle/check_bank.py [--course=DIR] [--out=record.json]

1. builds the Moodle XML and GIFT banks of the bundled course (or --course, e.g. builder/sample,
   which has a question of every type);
2. imports the XML with Moodle's own importer (import_questions.php --purge) and compares the
   questions per type and per category with the course model, and every text Moodle stored with
   the file's (stored_texts.php);
3. answers every imported question right, wrong and (where the type has it) partly right as
   learner1 through Moodle's question engine (grade_responses.php) and compares each grade with
   the course runtime's score for the same response (a port of `scoreResponse` in course.js);
4. builds one Moodle quiz per category ("qbank16 <category>", random questions drawing every
   question of the category once) and lets learner1 attempt each three times, all right, all
   wrong, partly right (attempt_quiz.php): Moodle's quiz grade against the runtime's;
5. imports the GIFT bank (--purge) and compares its counts the same way (first, so that the XML
   bank and the quizzes stay in the bed afterwards for a look in the browser).

Prints a summary and exits 1 if an import has errors, a count differs, or a grade differs where the
build did not warn that Moodle grades that question differently.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from builder.build import build, get_course  # noqa: E402
from builder.errors import Diagnostics  # noqa: E402
from builder.model import Course, Question  # noqa: E402
from builder.targets.moodle_xml import MATCHING_PARTIAL, NO_SUBSET_CREDIT, number_text  # noqa: E402
from builder.context import BuildContext  # noqa: E402
from builder.targets.moodle_xml import MOODLE_FILES  # noqa: E402
from builder.targets.qbank import Bank, bank_categories, fill_in_variants  # noqa: E402
from shared_folder import SHARED  # noqa: E402

BED = Path(os.environ.get("BED_DIR", SHARED / "moodle-bed"))
XML_TYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse", "fill_in": "shortanswer",
             "numeric": "numerical", "matching": "match", "ordering": "ordering"}
GIFT_TYPES = {k: v for k, v in XML_TYPES.items() if k != "ordering"}


BANKS: list[Bank] = []
"""The course's texts as the Moodle XML bank writes them (set by main)."""


def bank_html(text) -> str:
    """A text's HTML as the Moodle XML bank writes it."""
    return BANKS[0].html(text)


def bank_plain(text) -> str:
    """A text without markup, as the Moodle XML bank writes it where it takes no HTML."""
    return BANKS[0].plain(text)


def php(script: Path, *args: str) -> dict | list:
    """Run a bed PHP script and parse its JSON output."""
    done = subprocess.run(["php", str(script), *args], capture_output=True, text=True, cwd=BED)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{script.name} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def expected_counts(course: Course, types: dict[str, str]) -> tuple[Counter, Counter]:
    """Questions per Moodle qtype and per category name that an import should create."""
    by_type, by_category = Counter(), Counter()
    for category in bank_categories(course):
        for question in category.questions:
            if question.type in types:
                by_type[types[question.type]] += 1
                by_category[category.path[-1]] += 1
    return by_type, by_category


def compare_import(name: str, result: dict, course: Course, types: dict[str, str]) -> list[str]:
    """Differences between what Moodle imported and what the course holds."""
    by_type, by_category = expected_counts(course, types)
    problems = []
    if result.get("errors") or result.get("error"):
        problems.append(f"{name}: Moodle reported errors: {result.get('errors') or result.get('error')}")
    if Counter(result.get("by_type", {})) != by_type:
        problems.append(f"{name}: per type Moodle {result.get('by_type')} != course {dict(by_type)}")
    dropped = [q["idnumber"] for q in result.get("questions", []) if q.get("idnumber_dropped")]
    if dropped:
        problems.append(f"{name}: Moodle dropped the idnumbers of {dropped}")
    imported = Counter({c["path"].rsplit("/", 1)[-1]: c["imported"] for c in result.get("categories", []) if c["imported"]})
    if imported != by_category:
        problems.append(f"{name}: per category Moodle {dict(imported)} != course {dict(by_category)}")
    return problems


def compare_texts(xml_file: Path) -> list[str]:
    """Texts Moodle stored otherwise than the file wrote them (question text, general feedback, each
    answer's text and feedback): its reader once dropped spaces, «…:</strong>В вопросе», which no
    grade shows."""
    from lxml import etree

    stored = php(REPO / "tests" / "moodle" / "stored_texts.php")
    problems = []
    for question in etree.parse(str(xml_file)).getroot().iter("question"):
        qid = question.findtext("idnumber")
        if not qid or question.get("type") in ("match",):
            continue
        held = stored.get(qid)
        if held is None:
            problems.append(f"moodle-xml: {qid} was not stored")
            continue
        written = {"questiontext": question.findtext("questiontext/text") or "",
                   "generalfeedback": question.findtext("generalfeedback/text") or "",
                   "answers": [[a.findtext("text") or "", a.findtext("feedback/text") or ""]
                               for a in question.findall("answer")]}
        if question.get("type") == "truefalse":  # (Moodle names the two answers in its own language)
            written["answers"] = [feedback for _, feedback in written["answers"]]
            held = dict(held, answers=[feedback for _, feedback in held["answers"]])
        problems += [f"moodle-xml: {qid} {field} stored otherwise than written" for field in written
                     if held[field] != written[field]]
    return problems


def runtime_fraction(q: Question, response: dict) -> float:
    """What the course runtime (`scoreResponse` in templates/runtime/course.js) gives this response."""
    if q.type in ("single", "multiple"):
        chosen = {o.id for o in q.options if bank_html(o.text) in response["chosen"]}
        right = sum(o.correct for o in q.options)
        hits = sum(1 for o in q.options if o.id in chosen and o.correct)
        misses = sum(1 for o in q.options if o.id in chosen and not o.correct)
        if q.type == "single" or not q.partial_credit:
            return 1.0 if hits == right and misses == 0 else 0.0
        return max(0.0, (hits - misses) / right)
    if q.type == "true_false":
        return 1.0 if response["value"] == q.answer else 0.0
    if q.type == "fill_in":
        return 1.0 if any(normalise(a, q) == normalise(response["text"], q) for a in q.answers) else 0.0
    if q.type == "numeric":
        text = response["text"].replace(",", ".").split()[0]
        return 1.0 if abs(float(text) - float(q.answer)) <= q.tolerance + 1e-9 else 0.0
    if q.type == "matching":
        return 1.0 if all(response["pairs"][bank_html(p.left)] == bank_plain(p.right) for p in q.pairs) else 0.0
    if q.type == "ordering":
        return 1.0 if response["order"] == [bank_html(i) for i in q.items] else 0.0
    raise ValueError(q.type)


def normalise(text: str, q: Question) -> str:
    """`normalise` of course.js."""
    import re

    out = text if q.case_sensitive else text.lower()
    if q.yo_equals_e:
        out = out.replace("ё", "е").replace("Ё", "Е")
    if q.ignore_spaces:
        out = re.sub(r"[\s.,;:!?«»\"'()\-–—]+", " ", out).strip()
    return out


def cases_for(q: Question) -> list[tuple[str, dict]]:
    """(label, response) pairs: right, wrong and, where the type has it, partly right."""
    if q.type in ("single", "multiple"):
        right = [bank_html(o.text) for o in q.options if o.correct]
        wrong = [bank_html(o.text) for o in q.options if not o.correct]
        cases = [("right", {"chosen": right}), ("wrong", {"chosen": wrong if q.type == "multiple" else wrong[:1]})]
        if q.type == "multiple" and len(right) > 1:
            cases.append(("some right", {"chosen": right[:-1]}))
            cases.append(("all right and one wrong", {"chosen": right + wrong[:1]}))
        return cases
    if q.type == "true_false":
        return [("right", {"value": q.answer}), ("wrong", {"value": not q.answer})]
    if q.type == "fill_in":
        typed = [(f"right: {v}", {"text": v}) for v in fill_in_variants(q)]
        return typed + [("wrong", {"text": "не то слово"})]
    if q.type == "numeric":
        value = number_text(float(q.answer))
        cases = [("right", {"text": value}), ("wrong", {"text": number_text(float(q.answer) + q.tolerance + 1)})]
        if q.unit:
            cases.append(("right with unit", {"text": f"{value} {q.unit}"}))
        return cases
    if q.type == "matching":
        lefts = [bank_html(p.left) for p in q.pairs]
        rights = [bank_plain(p.right) for p in q.pairs]
        cases = [("right", {"pairs": dict(zip(lefts, rights))}), ("wrong", {"pairs": dict(zip(lefts, rights[1:] + rights[:1]))})]
        if len(rights) > 2:
            cases.append(("two swapped", {"pairs": dict(zip(lefts, [rights[1], rights[0], *rights[2:]]))}))
        return cases
    items = [bank_html(i) for i in q.items]
    return [("right", {"order": items}), ("wrong", {"order": items[::-1]})]


def check_grades(course: Course, folder: Path) -> tuple[list[dict], list[str]]:
    """Grade every case in Moodle; rows with both grades, and the differences nobody was warned of."""
    questions = {q.id: q for c in bank_categories(course) for q in c.questions if q.type in XML_TYPES}
    cases = [{"idnumber": qid, "label": label, "response": response} for qid, q in questions.items() for label, response in cases_for(q)]
    (folder / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    graded = php(REPO / "tests" / "moodle" / "grade_responses.php", f"--cases={folder / 'cases.json'}")
    rows, problems = [], []
    for case, moodle in zip(cases, graded):
        q = questions[case["idnumber"]]
        expected = runtime_fraction(q, case["response"])
        moodle["fraction"] = float(moodle["fraction"]) if moodle["fraction"] is not None else None
        agree = moodle["fraction"] is not None and abs(moodle["fraction"] - expected) < 1e-6
        warned = (q.type == "matching") or (q.type == "multiple" and not q.partial_credit)
        rows.append({**moodle, "type": q.type, "runtime": expected, "agree": agree, "warned": warned})
        if not agree and not warned:
            problems.append(f"{q.id} {case['label']}: Moodle {moodle['fraction']} ({moodle['state']}), runtime {expected}")
    return rows, problems


ATTEMPTS = (("all right", ("right",)), ("all wrong", ("wrong",)), ("partly right", ("some right", "two swapped", "right")))
"""The attempts learner1 makes at each quiz, and which case of each question it answers with."""


def pick(cases: list[tuple[str, dict]], wanted: tuple[str, ...]) -> dict:
    """The response of the first wanted case the question has (`right: <spelling>` counts as `right`)."""
    return next(r for w in wanted for label, r in cases if label == w or label.startswith(w + ":"))


def attempt_plan(course: Course) -> list[dict]:
    """One quiz per category, with the three attempts' responses for every question it can draw."""
    quizzes = []
    for category in bank_categories(course):
        questions = [q for q in category.questions if q.type in XML_TYPES]
        attempts = [{"label": label, "responses": {q.id: pick(cases_for(q), wanted) for q in questions}} for label, wanted in ATTEMPTS]
        quizzes.append({"name": f"qbank16 {category.path[-1]}"[:255], "category": category.path[-1], "attempts": attempts})
    return quizzes


def check_quizzes(course: Course, folder: Path) -> tuple[list[str], list[str]]:
    """Attempt one quiz per category in Moodle; a line per attempt, and the unexplained differences."""
    questions = {q.id: q for q in course.all_questions()}
    plan = attempt_plan(course)
    (folder / "plan.json").write_text(json.dumps({"quizzes": plan}, ensure_ascii=False), encoding="utf-8")
    lines, problems = [], []
    for quiz, planned in zip(php(REPO / "tests" / "moodle" / "attempt_quiz.php", f"--plan={folder / 'plan.json'}"), plan):
        drawn = sorted(s["idnumber"] for s in quiz["attempts"][0]["slots"])
        if drawn != sorted(planned["attempts"][0]["responses"]):
            problems.append(f"{quiz['name']}: Moodle drew {drawn}, the category holds {sorted(planned['attempts'][0]['responses'])}")
        for attempt, wanted in zip(quiz["attempts"], planned["attempts"]):
            expected, differs = 0.0, []
            for slot in attempt["slots"]:
                q = questions[slot["idnumber"]]
                fraction = runtime_fraction(q, wanted["responses"][q.id])
                expected += fraction * slot["maxmark"]
                if abs(float(slot["fraction"] or 0) - fraction) > 1e-6:
                    differs.append(f"{q.id} ({q.type}) {float(slot['fraction'] or 0):.4g} vs {fraction:.4g}")
                    if not ((q.type == "matching") or (q.type == "multiple" and not q.partial_credit)):
                        problems.append(f"{quiz['name']} {attempt['label']}: {q.id} Moodle {slot['fraction']}, runtime {fraction}")
            course_grade = expected / attempt["maxsumgrades"] * 100
            lines.append(f"  cmid {quiz['cmid']} {quiz['category'][:45]:45} {attempt['label']:12} {attempt['state']}: "
                         f"Moodle {float(attempt['grade']):6.2f} / 100, course {course_grade:6.2f}" + (f" (warned: {'; '.join(differs)})" if differs else ""))
        lines.append(f"  cmid {quiz['cmid']} gradebook (highest attempt): {quiz['gradebook']}")
    return lines, problems


def summary(rows: list[dict]) -> list[str]:
    """One line per course type: cases, agreeing grades, and the known differences."""
    lines = []
    for kind in XML_TYPES:
        mine = [r for r in rows if r["type"] == kind]
        if mine:
            known = [f"{r['idnumber']} {r['label']}: Moodle {r['fraction']:.4g} vs course {r['runtime']:.4g}" for r in mine if not r["agree"]]
            states = Counter(r["state"] for r in mine)
            lines.append(f"{kind:10} {len(mine):3} responses graded, {sum(r['agree'] for r in mine):3} as the course does; Moodle states {dict(states)}")
            lines += [f"           differs (build warns: {MATCHING_PARTIAL if kind == 'matching' else NO_SUBSET_CREDIT}): {k}" for k in known]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, default=REPO, help="the course folder (default: the bundled course)")
    parser.add_argument("--out", type=Path, help="write the full record (imports, grades) as JSON here")
    args = parser.parse_args()
    logging.getLogger("course").setLevel(logging.ERROR)  # the build's warnings are the build's business
    course = get_course(args.course, Diagnostics())
    BANKS[:] = [Bank(course, BuildContext(), MOODLE_FILES)]
    with tempfile.TemporaryDirectory(prefix="qbank-check-") as tmp:
        folder = Path(tmp)
        build(args.course, folder / "dist", ["moodle-xml", "gift"])
        stem = f"{course.id}-{course.version}-questions"
        # A quiz using a question makes --purge hide it instead of deleting it: remove earlier runs' quizzes.
        php(REPO / "tests" / "moodle" / "attempt_quiz.php", "--delete=qbank16 ")
        gift = php(BED / "import_questions.php", f"--file={folder / 'dist' / (stem + '.gift')}", "--purge")
        problems = compare_import("gift", gift, course, GIFT_TYPES)
        xml = php(BED / "import_questions.php", f"--file={folder / 'dist' / (stem + '.xml')}", "--purge")
        problems += compare_import("moodle-xml", xml, course, XML_TYPES)
        problems += compare_texts(folder / "dist" / (stem + ".xml"))
        rows, grade_problems = check_grades(course, folder)
        quiz_lines, quiz_problems = check_quizzes(course, folder)
        problems += grade_problems + quiz_problems
    for name, result in (("moodle-xml", xml), ("gift", gift)):
        print(f"{name}: Moodle parsed {result.get('parsed')}, imported {result.get('imported')}, errors {result.get('errors')}, by type {result.get('by_type')}")
        print(f"  categories: {sum(1 for c in result.get('categories', []) if c['imported'])} with questions; "
              + "; ".join(f"{c['path'].rsplit('/', 1)[-1][:40]}: {c['imported']}" for c in result.get("categories", []) if c["imported"]))
        warnings = [m["message"] for m in result.get("messages", []) if m["type"] != "info"]
        print(f"  importer warnings/errors: {warnings or 'none'}")
    print("\n".join(summary(rows)))
    print(f"quizzes built from each category, attempted by learner1 ({len(quiz_lines)} lines):")
    print("\n".join(quiz_lines))
    print("\n".join(problems) if problems else (
        "OK: counts match the course, Moodle stores every text as written, and every grade is the course's or a "
        "difference the build warns about"))
    if args.out:
        args.out.write_text(json.dumps({"moodle_xml": xml, "gift": gift, "grades": rows, "quizzes": quiz_lines, "problems": problems}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
