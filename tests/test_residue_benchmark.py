"""benchmarks/residue_scrapinghub.py on an invented page, extracted twice: its lines scored
against the ground truth (``--kept``)."""

import json
import sys

from conftest import ROOT

STORY = (
    "The council approved the budget on Tuesday after a long debate about the roads.\n\n"
    "Officials said the plan would take effect next month, and residents would see it.\n"
)
KEPT = "Advertisement\n\nSubscribe to our newsletter\n\nTop Stories From The Region\n\n"


def test_kept_lines_are_the_lines_the_ground_truth_has_not(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import residue_scrapinghub

    (tmp_path / "README.rst").write_text(
        "   clean   0.990 ± 0.010  0.990 ± 0.010\n   messy   0.700 ± 0.010  0.700 ± 0.010\n"
    )
    page = {"articleBody": STORY, "url": "https://example.com/a"}
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": page}))
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "clean.json").write_text(json.dumps({"p1": page}))
    messy = {"p1": {"articleBody": KEPT + STORY}}
    (tmp_path / "output" / "messy.json").write_text(json.dumps({"version": 1, "output": messy}))

    assert residue_scrapinghub.main([str(tmp_path), "--kept"]) == 0
    rows = {
        line.split()[0]: line.split()[1:]
        for line in capsys.readouterr().out.splitlines()
        if line.split() and line.split()[0] in ("clean", "messy", "all")
    }
    # the lines table comes last: kept, reported, share, in the truth, reported
    assert rows["clean"][-5:] == ["0", "0", "0.000", "2", "0"]
    assert rows["messy"][-5:] == ["3", "2", "0.667", "2", "0"]  # the advert and the sign-up
    assert rows["all"][-5:] == ["3", "2", "0.667", "4", "0"]


def test_a_page_not_in_english_is_left_out():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import residue_scrapinghub

    text = (
        "Cuaca hari ini biasa saja, kata petugas di bandara. Warga tetap pergi ke pasar pagi "
        "sekali untuk membeli sayur dan ikan, dan harga beras naik sedikit demi sedikit setiap "
        "minggu di kota itu.\n\nIklan\n"
    )
    got = residue_scrapinghub.kept_lines(
        "x", {"p": {"articleBody": text}}, {"p": {"articleBody": "Cuaca"}}, []
    )
    assert sum(got.values()) == 0
