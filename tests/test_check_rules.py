"""`newslint check-rules`: every rule's examples -- built-in rules, built-in packs, packs from
--rule-path and rule-paths, installed plugins (tests/test_plugins.py) -- exit 0 when all pass,
1 naming each failing example on a line of its own, 2 on a configuration error."""

from newslint import examples, packs


def test_every_example_passes(run):
    r = run("check-rules", "--isolated")
    assert (r.code, r.out) == (0, "")
    assert r.err.startswith("newslint: ") and r.err.endswith(" rules: all pass\n")


def test_a_failing_example_of_a_built_in_pack_is_named(run, monkeypatch):
    rule = packs.builtin_rule("boilerplate-line")
    monkeypatch.setattr(rule, "good", [*rule.good, "Advertisement", "Share this article"])
    r = run("check-rules", "--isolated")
    n = len(rule.good)
    assert r.code == 1
    assert r.lines == [
        f"NL701 boilerplate-line (built-in pack): good example {n - 1} is flagged at 1:1: 'Advertisement'",
        f"NL701 boilerplate-line (built-in pack): good example {n} is flagged at 1:1: 'Share this article'",
    ]
    assert r.err.endswith(": 2 failed\n")


def test_packs_from_the_configuration_are_checked_as_they_load(run, tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "house.toml").write_text(
        '[[rules]]\ncode = "NL976"\nname = "no-zebras"\nkind = "existence"\nmessage = "x"\n'
        'tokens = ["zebra"]\nbad = ["A ⟦zebra⟧."]\ngood = ["A horse."]\n',
        encoding="utf-8",
    )
    (tmp_path / "newslint.toml").write_text('rule-paths = ["packs"]\n', encoding="utf-8")
    r = run("check-rules", cwd=tmp_path)
    assert r.code == 0 and "NL976" not in r.out
    assert run("rule", "NL976", cwd=tmp_path).code == 0
    (tmp_path / "packs" / "house.toml").write_text(
        '[[rules]]\ncode = "NL976"\nname = "no-zebras"\nkind = "existence"\nmessage = "x"\n'
        'tokens = ["zebra"]\nbad = ["A ⟦zebra⟧."]\ngood = ["A zebra crossing."]\n',
        encoding="utf-8",
    )
    # check-rules lists every failing example (exit 1); a lint run refuses the pack (exit 2)
    r = run("check-rules", cwd=tmp_path)
    assert r.code == 1
    assert (
        "NL976 no-zebras (pack house.toml): good example 1 is flagged at 1:3: 'A zebra crossing.'"
        in r.out
    )
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    r = run("a.txt", cwd=tmp_path)
    assert r.code == 2 and r.err == (
        f"newslint: error: {tmp_path / 'packs' / 'house.toml'}: rule NL976: good example 1 is "
        "flagged at 1:3: 'A zebra crossing.'\n"
    )


def test_configuration_errors_exit_2(run, tmp_path):
    for args in (
        ["check-rules", "--rule-path", "no/such/pack.toml"],
        ["check-rules", "--config", "missing.toml"],
        ["check-rules", "--no-such-option"],
    ):
        r = run(*args, cwd=tmp_path)
        assert r.code == 2 and r.err.startswith("newslint: error: ") and not r.out, args
        assert len(r.err.splitlines()) == 1


def test_built_in_packs_are_not_checked_at_start_up(run, tmp_path, monkeypatch):
    def no_check(rule, registry=None):
        raise AssertionError(f"checked {rule.code} at start-up")

    monkeypatch.setattr(examples, "check_rule", no_check)
    (tmp_path / "a.txt").write_text("Advertisement\nFine.\n", encoding="utf-8")
    assert run("a.txt", "--isolated", cwd=tmp_path).lines == [
        "a.txt:1:1: NL701 boilerplate line: an advertisement label"
    ]
