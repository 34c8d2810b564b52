"""The scripts run by hand, not in CI (the Moodle bed's bank check, the benchmark), still load:
`tests/moodle/check_bank.py` failed at its imports for two days, unseen, after a rename."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["tests/moodle/check_bank.py", "bench/run.py", "bench/generate.py"])
def test_a_hand_run_script_loads(script, monkeypatch):
    path = REPO / script
    monkeypatch.syspath_prepend(str(path.parent))  # (the benchmark imports its generator from beside it)
    spec = importlib.util.spec_from_file_location(f"hand_run_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(module.main)
