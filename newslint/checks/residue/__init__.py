"""NL7xx scraper residue: what page extraction leaves in the text.

NL701 (boilerplate lines) is a pack: rules/boilerplate.toml.  Here: NL702 boilerplate learnt
from the corpus, NL703 HTML tags and script text, NL704 HTML entities, NL705 other extraction
artefacts, NL706 image credits glued into the text (opinionated), NL707 boilerplate sentences run
into a very long line (NL701's entries applied to the sentences of a flattened page), NL709
the same entries as sentences inside a paragraph, link labels and embedded posts' signatures, NL714 a menu or list of headlines run into a line.
"""

from newslint.checks.residue.artefacts import ExtractionArtefact, ImageCredit
from newslint.checks.residue.corpus_boilerplate import CorpusBoilerplate
from newslint.checks.residue.damage import (
    DanglingLeadIn,
    FusedHeading,
    GluedParagraph,
    LoneDot,
    TruncatedEnding,
)
from newslint.checks.residue.flattened import FlattenedBoilerplate
from newslint.checks.residue.furniture import FurnitureParagraph
from newslint.checks.residue.markup import HtmlEntity, HtmlTag
from newslint.checks.residue.navigation import NavigationRun
from newslint.checks.residue.prompts import InlineBoilerplate

RULES = (
    CorpusBoilerplate,
    HtmlTag,
    HtmlEntity,
    ExtractionArtefact,
    ImageCredit,
    FlattenedBoilerplate,
    InlineBoilerplate,
    DanglingLeadIn,
    TruncatedEnding,
    FusedHeading,
    LoneDot,
    GluedParagraph,
    FurnitureParagraph,
    NavigationRun,
)
