"""Generate a synthetic course in the course format, deterministically from a seed.

`python bench/generate.py OUT --modules 100 --seed 1` writes OUT/course, OUT/modules, OUT/quizzes:
N modules of Russian-like text (about 1,500 words each) with headings, lists, a table, an image,
every Markdown extension, and a 5-question quiz per module whose types rotate so that every
question type appears. OUT/mkdocs holds the same module texts as a MkDocs project (`mkdocs.yml`,
`docs/`), so that the benchmark can build the same words with a peer.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

SYLLABLES = "ка ро ми на ле то ва си ду пе ло ра жи бе ну ко за ти мо фе ска про пре ст вер шен ност ция ние".split()
TYPES = ("single", "multiple", "true_false", "fill_in", "matching", "ordering", "numeric", "scenario")
IMAGE = Path(__file__).resolve().parent.parent / "builder" / "sample" / "course" / "assets" / "listening.svg"


class Words:
    """A seeded source of Russian-looking words and sentences."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def word(self) -> str:
        return "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(1, 4)))

    def sentence(self, words: int | None = None) -> str:
        text = " ".join(self.word() for _ in range(words or self.random.randint(6, 16)))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def course_yml(n: int) -> str:
    modules = "\n".join(f"  - m{i:04d}" for i in range(1, n + 1))
    return f"""id: bench-course
title: Синтетический курс
version: 1.0.0
description: Курс для замеров скорости.
duration_minutes: {n * 20}
governance:
  owner: Бенчмарк
  reviewer: Бенчмарк
  review_by: 2027-01-01
modules:
{modules}
glossary: glossary.yml
passing_score: 70
completion:
  modules_seen: all
  quizzes_passed: all
outputs: [html, scorm12, scorm2004, single, handout]
references:
  doc:
    title: Исходный документ
    short: Документ
    file: doc.txt
"""


def module_md(i: int, words: Words) -> str:
    body = [f"# Раздел {i}", "", words.paragraph(6) + " [@doc:1-5]", "", f"[[t{(i % 5) + 1}]] " + words.paragraph(3), ""]
    for section in range(1, 9):
        body += [f"## {words.sentence(3)[:-1]}", "", words.paragraph(8), "", f"- {words.sentence()}", f"- {words.sentence()}", f"- {words.sentence()}", ""]
        if section == 2:
            body += ["| Параметр | Значение |", "|---|---|", f"| {words.word()} | {words.word()} |", f"| {words.word()} | {words.word()} |", ""]
        if section == 3:
            body += [f"![{words.sentence(4)[:-1]}](assets/figure.svg){{width=320}}", ""]
        if section == 4:
            body += ["::: dialogue good Пример", f"Врач: {words.sentence()}", f"Пациент: {words.sentence()}", ":::", "",
                     "::: dialogue bad", f"Врач: {words.sentence()}", ":::", ""]
        if section == 5:
            body += ["::: note", words.paragraph(2), ":::", "", "::: warning Важно", words.paragraph(1), ":::", "",
                     f"::: case {words.word()}", words.paragraph(3), ":::", ""]
        if section == 6:
            body += ["::: reflect", words.sentence(), "", "---", "", words.paragraph(2), ":::", "", f"::: check m{i:04d}-q1", ":::", ""]
        if section == 7:
            body += [f"{words.word()}", f": {words.sentence()}", "", f"Сноска[^1] и ссылка [@doc:2].", "", f"[^1]: {words.sentence()}", ""]
    front = f"""---
id: m{i:04d}
title: Модуль {i}
summary: {words.sentence()}
minutes: 20
quiz: q{i:04d}
objectives:
  - id: m{i:04d}-o1
    text: {words.sentence()}
  - id: m{i:04d}-o2
    text: {words.sentence()}
---

"""
    return front + "\n".join(body) + "\n"


def question(i: int, n: int, kind: str, words: Words) -> str:
    head = f"""  - id: m{i:04d}-q{n}
    type: {kind}
    objective: m{i:04d}-o{1 + n % 2}
    prompt: "{words.sentence()}"
    explanation: "{words.sentence()} [@doc:3]"
"""
    option = lambda correct: f'      - text: "{words.sentence(5)}"\n        correct: {str(correct).lower()}\n        feedback: "{words.sentence(6)}"\n'
    if kind in ("single", "multiple"):
        return head + "    options:\n" + option(True) + option(kind == "multiple") + option(False) + option(False)
    if kind == "true_false":
        return head + "    answer: true\n"
    if kind == "fill_in":
        return head + f"    answers: [{words.word()}, {words.word()}]\n"
    if kind == "matching":
        return head + "    pairs:\n" + "".join(f"      - left: {words.word()}{k}\n        right: {words.word()}{k}\n" for k in range(3))
    if kind == "ordering":
        return head + "    items: [" + ", ".join(f"{words.word()}{k}" for k in range(4)) + "]\n"
    if kind == "numeric":
        return head + "    answer: 72\n    tolerance: 1\n    unit: ч\n"
    steps = "".join(
        f"""      - id: s{k}
        text: "{words.sentence()}"
        choices:
          - text: "{words.sentence(5)}"
            feedback: "{words.sentence(5)}"
            points: 1
            next: {f's{k + 1}' if k < 3 else 'good'}
          - text: "{words.sentence(5)}"
            feedback: "{words.sentence(5)}"
            next: bad
"""
        for k in range(1, 4)
    )
    return head + "    start: s1\n    steps:\n" + steps + f'      - id: good\n        end: true\n        text: "{words.sentence()}"\n      - id: bad\n        end: true\n        text: "{words.sentence()}"\n'


def quiz_yml(i: int, words: Words) -> str:
    kinds = [TYPES[(i + k) % len(TYPES)] for k in range(5)]
    return f"id: q{i:04d}\ntitle: Тест {i}\nquestions:\n" + "".join(question(i, n + 1, kind, words) for n, kind in enumerate(kinds))


def generate(out: Path, modules: int, seed: int = 1) -> Path:
    """Write a synthetic course of `modules` modules into `out` (replacing it)."""
    words = Words(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("course/assets", "modules", "quizzes", "sources"):
        (out / folder).mkdir(parents=True)
    (out / "course" / "course.yml").write_text(course_yml(modules), encoding="utf-8")
    shutil.copy(IMAGE, out / "course" / "assets" / "figure.svg")
    glossary = "".join(f"- id: t{k}\n  term: {words.word()}\n  definition: {words.sentence()}\n" for k in range(1, 6))
    (out / "course" / "glossary.yml").write_text(glossary, encoding="utf-8")
    (out / "sources" / "doc.txt").write_text("\n".join(words.sentence() for _ in range(20)) + "\n", encoding="utf-8")
    for i in range(1, modules + 1):
        (out / "modules" / f"{i:04d}-m.md").write_text(module_md(i, words), encoding="utf-8")
        (out / "quizzes" / f"{i:04d}-q.yml").write_text(quiz_yml(i, words), encoding="utf-8")
    write_mkdocs_project(out, modules)
    return out


def write_mkdocs_project(out: Path, modules: int) -> None:
    """The same module texts as a MkDocs project: the body after the front matter, with the image beside it.
    (MkDocs shows the course's own syntax, `:::` blocks and `[@…]` citations, as plain paragraphs.)"""
    docs = out / "mkdocs" / "docs"
    (docs / "assets").mkdir(parents=True)
    shutil.copy(IMAGE, docs / "assets" / "figure.svg")
    pages = []
    for i in range(1, modules + 1):
        text = (out / "modules" / f"{i:04d}-m.md").read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        (docs / f"{i:04d}-m.md").write_text(body, encoding="utf-8")
        pages.append(f"  - Модуль {i}: {i:04d}-m.md")
    (docs / "index.md").write_text("# Синтетический курс\n\nКурс для замеров скорости.\n", encoding="utf-8")
    nav = "\n".join(pages)
    (out / "mkdocs" / "mkdocs.yml").write_text(f"site_name: Синтетический курс\nnav:\n  - index.md\n{nav}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--modules", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.modules, args.seed)


if __name__ == "__main__":
    main()
