"""Every size limit the course format and its outputs live by, in one place.

The runtime (templates/runtime/*.js) has its own copies of the SCORM limits, named in each
docstring, because it runs without the builder; tests tie the two together.
"""

from __future__ import annotations

ID_MAX = 64
"""The longest id: ids become file names, SCORM identifiers and interaction ids (SCORM 1.2 takes at
most 255 characters for `cmi.interactions.n.id`, with our prefixes), so 64 leaves room."""

QUOTE_MAX = 40
"""Characters of an author's text quoted in a message (longer ones are cut)."""

FREE_TEXT_LIMIT = 40
"""Characters of a typed answer the state keeps at least (course.js `storedLimit`): a longer right
answer is kept as the accepted answer it matched, a longer wrong one is cut and marked "…"."""

SUSPEND_DATA_LIMIT_12 = 4096
"""SCORM 1.2 `cmi.suspend_data` capacity (CMIString4096); scorm.js `suspendLimit`."""

SUSPEND_DATA_LIMIT_2004 = 64000
"""SCORM 2004 (3rd and 4th edition) `cmi.suspend_data` smallest permitted maximum: what every LMS
must keep; scorm.js `suspendLimit`."""

SUSPEND_DATA_LIMITS = {"scorm12": SUSPEND_DATA_LIMIT_12, "scorm2004": SUSPEND_DATA_LIMIT_2004}
"""The suspend_data limit of each SCORM target."""

RESENT_FIELD_LIMIT = 4990
"""Fields a Commit may carry to an LMS that resends the whole record; scorm.js `FIELD_LIMIT`.

Moodle 4.5's SCORM 2004 player (`CollectData` in mod/scorm/datamodels/scorm_13.js) posts at every
Commit and Terminate every interaction and objective field of the attempt, earlier sessions' too,
plus every element changed since launch, interactions first and status, score and suspend_data
last. PHP reads the first max_input_vars fields (Moodle requires 5000 on PHP 8; the player adds its
own parameters) and drops the rest without an error. While the page is visible the post is a
synchronous request of any size; at page exit a beacon, which Chromium refuses above 64 KiB."""
