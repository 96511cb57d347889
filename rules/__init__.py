"""Declarative rule packs (TOML), installed as the package ``newslint.rules``."""
