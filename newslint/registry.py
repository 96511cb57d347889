"""Every rule by code and name, from three sources; selection by code prefix or name."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Optional

import regex

from newslint import packs
from newslint.plugins import installed_entry_points
from newslint.rule import FAMILIES, Rule

BUILTIN_MODULES = (
    "newslint.checks.input",
    "newslint.checks.spelling",
    "newslint.checks.capitalisation",
    "newslint.checks.spacing",
    "newslint.checks.tables",
    "newslint.checks.duplicates",
    "newslint.checks.corpus_duplicates",
    "newslint.checks.residue",
    "newslint.checks.encoding",
    "newslint.checks.phrasing",
)
ENTRY_POINT_GROUP = "newslint.rules"
CODE = regex.compile(r"^NL\d{3}$")
NAME = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class RegistryError(Exception):
    """A rule source is broken (bad pack, clashing codes, failing plugin)."""


class Registry:
    def __init__(self):
        self.rules: dict[str, type[Rule]] = {}
        self.by_name: dict[str, str] = {}
        self.user_packs: list = []  # (rule, where) of the rules read from the user's packs

    def add(self, rule: type[Rule], where: str = "") -> None:
        where = where or rule.origin
        for attr in ("code", "name"):
            if not getattr(rule, attr, ""):
                raise RegistryError(f"{where}: rule {rule.__name__} has no {attr}")
        if not CODE.match(rule.code):
            raise RegistryError(
                f"{where}: rule {rule.name}: code {rule.code!r} is not NL + 3 digits"
            )
        if not NAME.match(rule.name):
            raise RegistryError(f"{where}: rule {rule.code}: name {rule.name!r} is not kebab-case")
        if rule.family not in FAMILIES:
            raise RegistryError(f"{where}: rule {rule.code}: unknown family {rule.family!r}")
        if rule.code in self.rules:
            other = self.rules[rule.code]
            raise RegistryError(
                f"{where}: rule {rule.name}: code {rule.code} is already used by {other.name} ({other.origin})"
            )
        if rule.name in self.by_name:
            raise RegistryError(
                f"{where}: rule {rule.code}: name {rule.name} is already used by {self.by_name[rule.name]}"
            )
        self.rules[rule.code] = rule
        self.by_name[rule.name] = rule.code

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def __len__(self):
        return len(self.rules)

    def get(self, code_or_name: str) -> Optional[type[Rule]]:
        key = code_or_name.strip()
        code = self.by_name.get(key.lower(), key.upper())
        return self.rules.get(code)

    def resolve(self, selector: str) -> set[str]:
        """Codes matched by a selector: ALL, a code prefix (NL3, NL30) or a rule name."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return set(self.rules)
        if sel.lower() in self.by_name:
            return {self.by_name[sel.lower()]}
        up = sel.upper()
        if up.startswith("NL") and up[2:].isdigit() and len(up) <= 5:
            matched = {c for c in self.rules if c.startswith(up)}
            if len(up) == 5 and not matched:  # a full code no rule has is a typo, as in ruff
                raise KeyError(sel)
            return matched
        if up == "NL":
            return set(self.rules)
        raise KeyError(sel)

    def select(
        self,
        select: Optional[Iterable[str]] = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> list[str]:
        """Codes in force, as in ruff: select replaces the defaults (a prefix takes every rule it
        matches, opinionated ones too), extend-select adds, ignore removes."""
        if select is None:
            chosen = {c for c, r in self.rules.items() if r.default_enabled}
        else:
            chosen = set()
            for s in select:
                chosen |= self.resolve(s)
        for s in extend_select:
            chosen |= self.resolve(s)
        for s in ignore:
            chosen -= self.resolve(s)
        return sorted(chosen)


def build_registry(rule_paths: Iterable[str] = (), plugins: bool = True) -> Registry:
    reg = Registry()
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(module_name)
        for rule in rules_in(module):
            reg.add(rule, module_name)
    for rule, where in packs.load_builtin_packs():
        reg.add(rule, where)
    for rule, where in packs.load_pack_paths(rule_paths):
        reg.add(rule, where)
        reg.user_packs.append((rule, where))
    if plugins:
        for rule, where in _plugin_rules():
            reg.add(rule, where)
    return reg


def rules_in(obj) -> list[type[Rule]]:
    """Rule classes defined by a module (or listed in its ``RULES``: a family package), or a
    rule class, or an iterable of them."""
    if isinstance(obj, type) and issubclass(obj, Rule):
        return [obj]
    listed = getattr(obj, "RULES", None)
    if listed is not None and not isinstance(obj, (list, tuple)):
        return sorted(rules_in(listed), key=lambda r: r.code)
    if hasattr(obj, "__dict__") and not isinstance(obj, (list, tuple)):
        found = [
            v
            for v in vars(obj).values()
            if isinstance(v, type)
            and issubclass(v, Rule)
            and getattr(v, "code", "")
            and v.__module__ == obj.__name__
        ]
        return sorted(found, key=lambda r: r.code)
    return [r for r in obj if isinstance(r, type) and issubclass(r, Rule)]


def _plugin_rules():
    for ep in installed_entry_points(ENTRY_POINT_GROUP):
        where = f"plugin {ep.name} ({ep.value})"
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin is a configuration error, not a crash
            raise RegistryError(f"{where}: cannot be loaded: {exc}") from None
        for rule in rules_in(loaded):
            if rule.origin == "built-in":
                rule.origin = f"plugin {ep.name}"
            yield rule, where
