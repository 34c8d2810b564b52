"""Deterministic zip files: same inputs, byte-identical archives.

Entries are sorted, every timestamp is fixed (SOURCE_DATE_EPOCH when set, else 1980-01-01, the
zip format's epoch), permissions are fixed, and the compression level is pinned.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """The date every entry gets."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = time.gmtime(max(int(epoch), 315532800))  # zip cannot store dates before 1980
        return moment[:6]
    return ZIP_EPOCH


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    """Write `files` (archive name -> content) into a zip at `path`, deterministically."""
    stamp = fixed_timestamp()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, files[name], compresslevel=6)
    return path


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative posix path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
