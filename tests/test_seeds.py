"""The two real scraped articles newslint exists for: with the default rules, every defect the
issues name is reported at its place, and nothing else (the names Zelensky, Shigemura,
Pyongyang, Kyiv, Min-woo and DPA in particular)."""

import pytest
from conftest import SHARED

SEEDS = SHARED / "seeds"

EXPECTED = [
    ("000_910e0e496c3bfacc.txt", 2, 23, "NL201"),
    ("000_910e0e496c3bfacc.txt", 3, 239, "NL101"),
    ("000_910e0e496c3bfacc.txt", 3, 306, "NL306"),
    ("000_910e0e496c3bfacc.txt", 7, 283, "NL102"),
    ("000_910e0e496c3bfacc.txt", 9, 258, "NL901"),
    ("000_910e0e496c3bfacc.txt", 11, 26, "NL901"),
    ("000_910e0e496c3bfacc.txt", 13, 5, "NL201"),
    ("000_910e0e496c3bfacc.txt", 16, 188, "NL301"),
    ("000_910e0e496c3bfacc.txt", 18, 1, "NL401"),
    ("000_910e0e496c3bfacc.txt", 21, 47, "NL302"),
    ("000_910e0e496c3bfacc.txt", 21, 63, "NL302"),
    ("000_910e0e496c3bfacc.txt", 25, 1, "NL201"),
    ("000_910e0e496c3bfacc.txt", 25, 1, "NL503"),
    ("000_910e0e496c3bfacc.txt", 26, 1, "NL502"),
    ("000_910e0e496c3bfacc.txt", 26, 151, "NL101"),
    ("000_910e0e496c3bfacc.txt", 26, 181, "NL201"),
    ("000_910e0e496c3bfacc.txt", 26, 207, "NL101"),
    ("000_910e0e496c3bfacc.txt", 26, 212, "NL201"),
    ("000_910e0e496c3bfacc.txt", 30, 27, "NL302"),
    ("000_910e0e496c3bfacc.txt", 30, 270, "NL301"),
    ("000_910e0e496c3bfacc.txt", 32, 232, "NL101"),
    ("000_910e0e496c3bfacc.txt", 34, 60, "NL302"),
    ("000_910e0e496c3bfacc.txt", 35, 76, "NL901"),
    ("000_910e0e496c3bfacc.txt", 37, 111, "NL302"),
    ("000_910e0e496c3bfacc.txt", 37, 331, "NL201"),
    ("000_910e0e496c3bfacc.txt", 39, 6, "NL202"),
    ("000_910e0e496c3bfacc.txt", 43, 1, "NL204"),
    ("000_910e0e496c3bfacc.txt", 43, 151, "NL901"),
    ("000_910e0e496c3bfacc.txt", 43, 315, "NL302"),
    ("000_910e0e496c3bfacc.txt", 43, 330, "NL101"),
    ("000_910e0e496c3bfacc.txt", 45, 44, "NL302"),
    ("000_910e0e496c3bfacc.txt", 45, 196, "NL301"),
    ("000_910e0e496c3bfacc.txt", 46, 51, "NL301"),
    ("000_910e0e496c3bfacc.txt", 46, 102, "NL302"),
    ("000_910e0e496c3bfacc.txt", 47, 1, "NL701"),
    ("004_7cccfb7bed73c38d.txt", 45, 1, "NL504"),
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_default_rules_on_the_seeds(run):
    r = run("--no-cache", "-j1", SEEDS)
    assert r.code == 1
    got = []
    for line in r.lines:
        path, row, col, rest = line.split(":", 3)
        got.append((path.rsplit("/", 1)[-1], int(row), int(col), rest.split()[0]))
    assert got == EXPECTED


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_correct_names_are_never_reported(run):
    r = run("--no-cache", "-j1", "--select", "ALL", SEEDS)
    for name in (
        "Zelensky",
        "Shigemura",
        "Pyongyang",
        "Kyiv",
        "Min-woo",
        "DPA",
        "Toshimitsu",
        "Waseda",
    ):
        assert not [line for line in r.lines if f"'{name}" in line], name
