"""Regenerate the rule table in README.md from the registry (tests check it is current)."""

from pathlib import Path

from newslint.docs import markdown_table
from newslint.registry import build_registry

START, END = "<!-- rules-table-start -->", "<!-- rules-table-end -->"


def render(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    table = markdown_table(list(build_registry(plugins=False)))
    return f"{head}{START}\n{table}{END}{tail}"


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
