"""The site a JSON record comes from, for reports by source: its domain, or its URL's host."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

SOURCE_KEYS = ("domain", "source_domain", "site", "host", "url", "link", "source_url")


def record_source(raw: str) -> str:
    """The site a JSON Lines record comes from: its domain field, or its URL's host; "" when
    the record names neither (or is not an object)."""
    if not raw.lstrip().startswith("{") or not any(f'"{k}"' in raw for k in SOURCE_KEYS):
        return ""
    try:
        record = json.loads(raw)
    except ValueError:
        return ""
    if not isinstance(record, dict):
        return ""
    for key in SOURCE_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            host = urlsplit(value).hostname if "//" in value else value.split("/")[0]
            if host:
                host = host.lower()
                return host[4:] if host.startswith("www.") else host
    return ""
