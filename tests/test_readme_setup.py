"""README's promises to a newcomer: the set-up commands work where Python has no `python`
binary and refuses `pip install` outside a virtual environment; the sample output is what
their newslint invocations print on a terminal, verbatim; the default file types listed are
the real ones."""

import os
import pty
import re
import shlex
import subprocess
import sys

from conftest import ROOT

from newslint import sources


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _command(marker: str) -> str:
    return re.search(rf"<!-- {marker} -->\s*```\w*\n(.+)\n", _readme()).group(1)


def _steps(command: str) -> list:
    return [shlex.split(step) for step in command.split("&&")]


def test_setup_commands_create_and_use_a_virtual_environment():
    for marker in ("install-command", "test-command"):
        steps = _steps(_command(marker))
        assert steps[0] == ["python3", "-m", "venv", ".venv"], marker
        assert steps[1] == [".", ".venv/bin/activate"], marker
        for step in steps[:2]:  # before the venv is active: python3 only, no pip
            assert "python" not in step and "pip" not in step, marker
        assert any(s[:2] == ["pip", "install"] for s in steps[2:]), marker


def _on_a_terminal(args: list) -> str:
    """What ``newslint ARGS`` shows on a terminal (stdout and stderr), run from the root."""
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", *args],
        cwd=ROOT,
        stdout=secondary,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    proc.wait(timeout=120)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_sample_output_is_what_the_setup_commands_print():
    readme = _readme()
    shown = dict(re.findall(r"```console\n\$ (newslint [^\n]*)\n(.*?)```", readme, re.DOTALL))
    invocations = [
        step
        for marker in ("install-command", "test-command")
        for step in _steps(_command(marker))
        if step and step[0] == "newslint"
    ]
    assert invocations, "the set-up commands run newslint on the sample"
    for step in invocations:
        command = " ".join(step)
        assert command in shown, f"README shows no output of {command!r}"
        assert _on_a_terminal(step[1:]) == shown[command], f"README's output of {command} is stale"


def test_default_types_listed_are_the_real_ones():
    line = re.search(r"newslint corpus/ +# recurse; (.*) by default", _readme()).group(1)
    assert tuple(f"*{s}" for s in line.split()) == sources.default_include()
