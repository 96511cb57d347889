"""Documents -> workers -> document rules; summaries -> corpus rules; suppressions, fixes.

- ``settings``: what a run is (Settings) and what one file gives (FileResult)
- ``lint``: one file -> FileResult, every format one way (Linter); with --fix, the fixes of
  report-filtering rules wait for the run's decision, and a second pass applies those it keeps
- ``fixes``: choosing edits, writing fixed files atomically, diffs
- ``corpus``: the corpus phase over every file's summaries
- ``pool``: many files, in this process or in workers that inherit the Linter
"""

from newslint.engine.fixes import apply_edits, unified_diff
from newslint.engine.lint import Linter, to_report
from newslint.engine.pool import run
from newslint.engine.settings import FileResult, Settings

__all__ = ["FileResult", "Linter", "Settings", "apply_edits", "run", "to_report", "unified_diff"]
