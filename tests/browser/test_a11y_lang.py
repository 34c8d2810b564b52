"""English words quoted in the Russian text of the bundled course are marked as English (WCAG 3.1.2),
so a screen reader switches its voice for them: in the modules' text and in the quizzes' prompts and
feedback (the feedback is HTML in the course data, shown once a question is checked)."""

from __future__ import annotations

import pytest

from helpers import wait_ready
from test_bundled_course import bundled_dist  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

LANGUAGES = """(phrase) => {
  const squash = (text) => text.replace(/\\s+/g, ' ');
  const roots = [document.body];
  const strings = (value) => typeof value === 'string' ? [value]
    : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  // Feedback and explanations the runtime shows later, parsed as the page would show them.
  strings(CourseRuntime.data.questions).filter((s) => squash(s).includes(phrase)).forEach((html) => {
    const box = document.createElement('div');
    box.lang = document.documentElement.lang;
    box.innerHTML = html;
    roots.push(box);
  });
  const found = [];
  roots.forEach((root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('script')) continue;  // the course data as written, not shown
      if (squash(node.textContent).includes(phrase)) found.push(node.parentElement.closest('[lang]').lang);
    }
  });
  return found;
}"""
"""The language of each text holding `phrase` (in the page, then in its quiz data)."""


@pytest.mark.parametrize("slug,phrase,times", [
    ("04-patient-centred-care", "linkage to care", 2),  # the module's text, a question's feedback
    ("12-clinic-study", "linkage to care", 1),
    ("08-sexual-health", "the 36 to 72 hour time limits", 1),
    ("11-sex-work", "The hell of commercial sex in Russia", 1),
    ("11-sex-work", "of sex workers in Moscow with at least one sexually transmitted infection", 1),
])
def test_english_phrases_in_the_russian_text_are_marked_english(bundled_dist, serve, new_page, slug, phrase, times):  # noqa: F811
    server = serve(bundled_dist / "site")
    page, guard = new_page(allowed=(server.url,))
    page.goto(f"{server.url}/{slug}.html")
    wait_ready(page)
    assert page.evaluate(LANGUAGES, phrase) == ["en"] * times
    guard.check()
