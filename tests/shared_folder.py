"""Where the project's shared material is: `../shared` beside the checkout (the SCORM XSDs and
the course's source documents, which are never copied into this repository).

A checkout elsewhere (CI cloning into a temporary folder) finds it through `COURSE_SHARED_DIR`,
or beside the repository it was cloned from when that is a local folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def candidates() -> list[Path]:
    found = [Path(os.environ["COURSE_SHARED_DIR"])] if os.environ.get("COURSE_SHARED_DIR") else []
    found.append(REPO.parent / "shared")
    origin = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"], capture_output=True, text=True).stdout.strip()
    if origin and "://" not in origin and not origin.startswith("git@"):
        found.append((REPO / origin).resolve().parent / "shared")  # a local clone: relative or absolute path
    return found


def shared_folder() -> Path:
    """The first candidate holding the material; else the usual place, for the tests' own message."""
    return next((folder for folder in candidates() if (folder / "scorm-schemas").is_dir()), REPO.parent / "shared")


SHARED = shared_folder()
