"""NL5xx/NL6xx duplication within a document and across the corpus."""
