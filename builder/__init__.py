"""course: compile Markdown modules and YAML quizzes into SCORM packages, an HTML site and print handouts."""

__version__ = "0.1.0"
