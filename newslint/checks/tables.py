"""NL4xx tables and structure."""
