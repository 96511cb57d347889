"""The site a JSON record comes from, for reports by source: a configured ``source-field``, or
its domain, or its URL's host."""

from __future__ import annotations

from urllib.parse import urlsplit

from newslint.sources.json_spans import Str
from newslint.sources.record_paths import lookup

SOURCE_KEYS = ("domain", "source_domain", "site", "host", "url", "link", "source_url")


def record_site(record, fields: tuple = ()) -> str:
    """The source a record names: the first configured ``source-field`` path with a value
    (as written, or its host when it is a URL); without one, its domain field or its URL's
    host; "" when it names none (or is not an object)."""
    if not isinstance(record, dict):
        return ""
    for key in fields or SOURCE_KEYS:
        node = lookup(record, key)
        value = node.value if isinstance(node, Str) else node
        if isinstance(value, (int, float)) and not isinstance(value, bool) and fields:
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if "//" in value:
            host = urlsplit(value).hostname or ""
        elif fields:  # a configured field: its value is the source's name
            return value
        else:
            host = value.split("/")[0]
        if host:
            host = host.lower()
            return host[4:] if host.startswith("www.") else host
    return ""
