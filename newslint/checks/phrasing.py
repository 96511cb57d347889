"""NL9xx phrasing."""
