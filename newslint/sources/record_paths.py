"""Where a record's text is: text-field paths with wildcards ('articles[].content',
'data.bodyText', 'tags.*'), the wrappers APIs put around their records (NewsAPI's
``{"articles": [...]}``, ``{"data": [...]}``, ``{"results": [...]}``), and the fields a record
has, for the warning that names them when none of the text-fields is there."""

from __future__ import annotations

from collections.abc import Iterator

from newslint.sources.json_spans import Str


def lookup(node, path: str):
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def lookup_all(node, path: str) -> list:
    """Every node a text-field path names: dotted names, list indices, ``name[]`` (each item
    of a list) and ``*`` (every value of an object or item of a list)."""
    nodes = [node]
    for part in path.split("."):
        each = part.endswith("[]")
        name = part[:-2] if each else part
        out = []
        for n in nodes:
            if name == "*":
                out.extend(n.values() if isinstance(n, dict) else n if isinstance(n, list) else ())
            elif not name and each:
                out.append(n)
            elif isinstance(n, dict) and name in n:
                out.append(n[name])
            elif isinstance(n, list) and name.isdigit() and int(name) < len(n):
                out.append(n[int(name)])
        if each:
            out = [x for n in out if isinstance(n, list) for x in n]
        nodes = out
        if not nodes:
            break
    return nodes


def strings_of(node) -> list:
    if isinstance(node, Str):
        return [node]
    if isinstance(node, list):
        return [x for x in node if isinstance(x, Str)]
    return []


def fields_seen(record, limit: int = 12) -> list:
    """The paths of a record's string fields, as text-fields would name them
    ('data.bodyText', 'tags[]'), breadth first: what a warning suggests."""
    out, queue = [], [("", record)]
    while queue and len(out) < limit:
        path, node = queue.pop(0)
        if isinstance(node, Str):
            if path and path not in out:
                out.append(path)
        elif isinstance(node, dict):
            queue.extend((f"{path}.{k}" if path else k, v) for k, v in node.items())
        elif isinstance(node, list):
            queue.extend((f"{path}[]", v) for v in node[:3])
    return out


# the keys under which APIs and scrapers wrap their records: NewsAPI's {"articles": [...]},
# {"data": [...]}, {"results": [...]}, The Guardian's {"response": {"results": [...]}} ...
WRAPPERS = (
    "output",
    "articles",
    "data",
    "results",
    "items",
    "records",
    "documents",
    "docs",
    "entries",
    "posts",
    "stories",
    "news",
    "hits",
    "response",
)


def unwrap(root, fields: tuple) -> tuple:
    """(records root, text-fields as seen from a record): a wrapper object without text of
    its own is opened -- a key a text-field names with ``[]`` ('articles[].content'), a
    common wrapper key, or the one key holding a list of objects -- up to three deep."""
    prefix = ""
    for _ in range(3):
        if not isinstance(root, dict) or has_text(root, fields):
            break
        key = wrapper_key(root, fields, prefix)
        if key is None:
            break
        root, prefix = (
            root[key],
            f"{prefix}{key}[]." if isinstance(root[key], list) else f"{prefix}{key}.",
        )
        if isinstance(root, list):
            break
    if prefix:
        fields = tuple(f[len(prefix) :] if f.startswith(prefix) else f for f in fields)
    return root, fields


def wrapper_key(root: dict, fields: tuple, prefix: str):
    for f in fields:
        if f.startswith(prefix) and "[]" in f[len(prefix) :]:
            head = f[len(prefix) :].split(".", 1)[0]
            if head.endswith("[]") and isinstance(root.get(head[:-2]), list):
                return head[:-2]
    for key in WRAPPERS:
        value = root.get(key)
        if isinstance(value, list) and any(isinstance(x, dict) for x in value):
            return key
        if key == "output" and isinstance(value, dict):  # a scraper's {"output": {id: record}}
            return key
        if (
            isinstance(value, dict)
            and not has_text(value, fields)
            and any(isinstance(value.get(k), list) for k in WRAPPERS)
        ):
            return key
    lists = [k for k, v in root.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return lists[0] if len(lists) == 1 else None


def records_of(root, fields: tuple) -> Iterator[tuple]:
    """(key, record) pairs of a .json file: an array, an object of records, or one record
    (wrappers already opened)."""
    if isinstance(root, list):
        for record in root:
            yield None, record
    elif isinstance(root, dict):
        if has_text(root, fields) or not any(isinstance(v, dict) for v in root.values()):
            yield None, root
        else:
            for key, record in root.items():
                yield key, record


def has_text(record: dict, fields: tuple) -> bool:
    return any(lookup_all(record, name) for name in fields)
