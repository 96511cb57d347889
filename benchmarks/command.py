"""How the benchmarks start newslint: as ``python -P -m newslint``, so that the working
directory's newslint (this repository, or a corpus copy) never comes ahead of the one being
measured: the installed one, or a base build named by PYTHONPATH.  Python 3.9 and 3.10 have
no ``-P``: there the working directory's entry is taken off sys.path by hand."""

from __future__ import annotations

import sys

NEWSLINT = (
    [sys.executable, "-P", "-m", "newslint"]
    if sys.version_info >= (3, 11)
    else [
        sys.executable,
        "-c",
        "import runpy, sys; del sys.path[0]; "
        "runpy.run_module('newslint', run_name='__main__', alter_sys=True)",
    ]
)
