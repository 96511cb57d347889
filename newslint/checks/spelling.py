"""NL1xx spelling."""
