"""Rule documentation generated from the rules themselves: ``newslint rules``, ``newslint
rule CODE`` and the README rule table."""

from __future__ import annotations

import json

from newslint.rule import MARK_CLOSE, MARK_OPEN


def _fix_label(rule) -> str:
    return rule.fixable or ""


def rules_listing(registry, fmt: str = "text") -> str:
    rules = list(registry)
    if fmt == "json":
        return (
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "family": r.family,
                        "default": r.default_enabled,
                        "fixable": r.fixable,
                        "scope": r.scope,
                        "severity": r.severity,
                        "origin": r.origin,
                        "summary": r.summary(),
                    }
                    for r in rules
                ],
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if fmt == "markdown":
        return markdown_table(rules)
    width = max((len(r.name) for r in rules), default=10)
    out = [f"{'code':<6} {'name':<{width}} {'family':<17} {'default':<7} {'fix':<9} summary\n"]
    for r in rules:
        out.append(
            f"{r.code:<6} {r.name:<{width}} {r.family:<17} {'on' if r.default_enabled else 'off':<7} "
            f"{_fix_label(r) or '-':<9} {r.summary()}\n"
        )
    return "".join(out)


def markdown_table(rules) -> str:
    out = [
        "| code | name | family | default | fix | what it flags |\n",
        "|---|---|---|---|---|---|\n",
    ]
    for r in rules:
        summary = r.summary().replace("|", "\\|")
        out.append(
            f"| {r.code} | `{r.name}` | {r.family} | {'on' if r.default_enabled else 'off'} | "
            f"{_fix_label(r) or '–'} | {summary} |\n"
        )
    return "".join(out)


def _show(example_text) -> str:
    if isinstance(example_text, bytes):
        return repr(example_text)
    if isinstance(example_text, (list, tuple)):
        return "\n      ---\n".join(_show(t) for t in example_text)
    return example_text.replace("\n", "\n      ")


def explain(rule) -> str:
    lines = [f"{rule.code} {rule.name} ({rule.family})", "", rule.summary(), ""]
    if rule.explanation():
        lines += [rule.explanation(), ""]
    lines.append(
        f"On by default: {'yes' if rule.default_enabled else 'no (opinionated; select it to use it)'}"
    )
    lines.append(f"Fix: {rule.fixable or 'none'}")
    lines.append(f"Severity: {rule.severity}")
    if rule.scope == "corpus":
        lines.append("Scope: corpus (sees every linted document)")
    if rule.options:
        lines.append("Options ([tool.newslint.rules." + rule.name + "]):")
        lines += [f"  {k} = {json.dumps(v)}" for k, v in rule.options.items()]
    lines.append(f"Origin: {rule.origin}")
    if rule.bad:
        lines += ["", f"Flags (the flagged part between {MARK_OPEN} {MARK_CLOSE}):"]
        for e in rule.bad:
            text, fixed = (
                e
                if isinstance(e, tuple) and len(e) == 2 and not isinstance(e[1], tuple)
                else (e, None)
            )
            if isinstance(e, tuple) and len(e) == 2 and isinstance(e[1], tuple):
                text, fixed = e[0], None
            lines.append(f"  ✗ {_show(text)}")
            if fixed:
                lines.append(f"    fixed: {_show(fixed)}")
    if rule.good:
        lines += ["", "Leaves alone:"]
        lines += [f"  ✓ {_show(e)}" for e in rule.good]
    return "\n".join(lines) + "\n"
