"""Jinja2 templates and the learner runtime (JS/CSS), shipped inside the `builder` package."""
