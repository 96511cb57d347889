"""Regenerate README.md's rule table and its `--format` row from the registries (tests check
both are current)."""

from pathlib import Path

from newslint.docs import markdown_table
from newslint.formats import BUILTIN
from newslint.registry import build_registry

START, END = "<!-- rules-table-start -->", "<!-- rules-table-end -->"


def render(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    table = markdown_table(list(build_registry(plugins=False)))
    readme = f"{head}{START}\n{table}{END}{tail}"
    return "\n".join(
        format_row() if line.startswith("| `--format` |") else line for line in readme.split("\n")
    )


def format_row() -> str:
    """The option table's `--format` row: every built-in output format and what it writes."""
    listed = ", ".join(f"`{f.name}` ({f.description})" for f in BUILTIN.values())
    return f"| `--format` | {listed} |"


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
