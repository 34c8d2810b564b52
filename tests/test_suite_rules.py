"""Rules the browser tests keep so that they pass on a fast machine and a busy one alike."""

from __future__ import annotations

import re
from pathlib import Path

BROWSER_TESTS = Path(__file__).parent / "browser"

EXPRESSION_WAIT = re.compile(r"""wait_for_function\(\s*[rf]?(?:\"\"\"|"(?!"")|'(?!''))(?!\s*(?:\(|async\b|function\b))""")
"""A wait whose first argument is a JavaScript expression, not a function."""

SLEEP = re.compile(r"\btime\.sleep\(|\bwait_for_timeout\(")


def offending_lines(pattern: re.Pattern) -> list[str]:
    return [f"{path.name}:{number}: {line.strip()}"
            for path in sorted(BROWSER_TESTS.glob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]


def test_browser_tests_wait_with_functions_not_expressions():
    """Playwright polls an expression with `eval`, which every page's Content-Security-Policy refuses
    (no 'unsafe-eval'): a wait that is not true at its first look then fails, on a fast machine only
    now and then. A function is polled without `eval`."""
    assert offending_lines(EXPRESSION_WAIT) == []


def test_the_expression_rule_sees_an_expression_and_passes_a_function():
    assert EXPRESSION_WAIT.search('page.wait_for_function("window.ready === true")')
    assert EXPRESSION_WAIT.search("page.wait_for_function('location.hash === \"#x\"')")
    assert not EXPRESSION_WAIT.search('page.wait_for_function("() => window.ready === true")')
    assert not EXPRESSION_WAIT.search('page.wait_for_function("""(h) => location.hash === h""", arg=h)')
    assert not EXPRESSION_WAIT.search('page.wait_for_function("(id) => !document.getElementById(id).hidden")')


def test_browser_tests_wait_for_events_not_for_time():
    """A sleep is too short on a busy machine and wasted on an idle one: wait for what it waits for."""
    assert offending_lines(SLEEP) == []
