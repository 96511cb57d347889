"""NL8xx encoding and invisible characters."""
