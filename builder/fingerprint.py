"""The fingerprint of the text a review signs: a module's file and its quiz's, the glossary's, or
all of them for the whole course. The review edition prints it beside the sign-off table; a review
recorded with it (`fingerprint:` under `reviews:`) stops counting once the text changes.
"""

from __future__ import annotations

import hashlib

from builder.model import Course

FINGERPRINT_LENGTH = 12
"""Hex digits shown and compared: enough that an edit never gives the same one by chance."""


def subject_files(course: Course, subject: str) -> list[str]:
    """The course files (relative paths) whose text a review of `subject` covers."""
    glossary = sorted({term.loc.path for term in course.glossary})
    if subject == "glossary":
        return glossary
    modules = [m for m in course.modules if subject in (m.id, "course")]
    files = []
    for module in modules:
        files.append(module.loc.path)
        quiz = course.quiz_of(module)
        if quiz:
            files.append(quiz.loc.path)
    if subject == "course":
        final = course.final_quiz
        files += ([final.loc.path] if final else []) + glossary
    return sorted(set(files))


def text_fingerprint(course: Course, subject: str) -> str:
    """The fingerprint of a subject's files as they are now (line endings and a byte-order mark as
    any system writes them), with the course's local settings, which print inside module texts."""
    digest = hashlib.sha256()
    for name in subject_files(course, subject):
        path = course.root / name
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n") if path.is_file() else b""
        digest.update(name.encode("utf-8") + b"\0" + data + b"\0")
    if subject != "glossary":
        local = "\n".join(f"{key}={value}" for key, value in sorted(course.local.items()))
        digest.update(b"local\0" + local.encode("utf-8"))
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def text_fingerprints(course: Course) -> dict[str, str]:
    """Every subject a review may name, with its fingerprint."""
    subjects = [m.id for m in course.modules] + ["course"] + (["glossary"] if course.glossary else [])
    return {subject: text_fingerprint(course, subject) for subject in subjects}
