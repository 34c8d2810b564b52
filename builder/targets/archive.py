"""Deterministic zip files: same inputs, byte-identical archives.

Entries are sorted, every timestamp is fixed (SOURCE_DATE_EPOCH when set, else 1980-01-01, the
zip format's epoch), permissions are fixed, and the compression level is pinned.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from builder.files import check_output_name, output_path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_FIRST, ZIP_LAST = 315532800, 4354819199
"""The moments a zip entry can date (1980-01-01 to 2107-12-31, in seconds since 1970)."""


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """The date every entry gets (SOURCE_DATE_EPOCH held to what a zip can store)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = time.gmtime(min(max(int(epoch), ZIP_FIRST), ZIP_LAST))
        return moment[:6]
    return ZIP_EPOCH


def write_zip(folder: Path, name: str, files: dict[str, bytes]) -> Path:
    """Write `files` (archive name -> content) into a zip at `folder/name`, deterministically;
    the zip's name and every entry's name pass the output gate."""
    stamp = fixed_timestamp()
    path = output_path(folder, name)
    for entry in files:
        check_output_name(entry)
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
