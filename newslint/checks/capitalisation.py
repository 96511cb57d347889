"""NL2xx capitalisation."""
