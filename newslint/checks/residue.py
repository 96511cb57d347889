"""NL7xx scraper residue."""
