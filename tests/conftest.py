"""Shared test set-up.

Under CI (`CI=true`) a skipped test fails the run: a browser test that silently skips because
Chromium is missing would otherwise pass CI while testing nothing.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# Every PDF the tests check is laid out by Typst, not copied from an earlier run's cache
# (tests/test_handout.py turns the cache on where it tests the cache itself).
os.environ["COURSE_NO_CACHE"] = "1"
# Whatever else `course` keeps between runs (the templates' compiled code) goes to a folder of this
# session, never to the user's own cache.
CACHE = Path(tempfile.mkdtemp(prefix="course-tests-cache-"))
os.environ["COURSE_CACHE_DIR"] = str(CACHE)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(CACHE, ignore_errors=True)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI", red=True)
        session.exitstatus = 1


SAMPLE = Path(__file__).resolve().parents[1] / "builder" / "sample"
"""The sample course `course new` writes: small, and it uses every feature of the format."""


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A copy of the sample course that a test may edit."""
    root = tmp_path / "course"
    shutil.copytree(SAMPLE, root)
    return root
