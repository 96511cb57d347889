"""The base of the NL3xx rules."""

from __future__ import annotations

from newslint.rule import Rule


class SpacingRule(Rule):
    family = "spacing"
