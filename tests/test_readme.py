"""README promises: the rule table is generated from the registry; the set-up commands exist."""

import re
import shlex

from conftest import ROOT, load_script


def test_rule_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert load_script("update_readme").render(readme) == readme, (
        "run: python scripts/update_readme.py"
    )


def test_setup_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"<!-- install-command -->\s*```\w*\n(.+)\n", readme).group(1)
    test = re.search(r"<!-- test-command -->\s*```\w*\n(.+)\n", readme).group(1)
    assert "newslint sample/" in install and "pip install" in install
    assert "pytest" in test
    assert "test-command" in (ROOT / ".ci" / "run").read_text()
    for part in shlex.split(install.replace("&&", " ")):
        assert not part.startswith("../"), (
            "the README must not depend on files outside the repository"
        )
