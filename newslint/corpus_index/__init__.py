"""The corpus index: every corpus file's stamp, content hash and cached lint result, kept in
SQLite under the corpus root (``.newslint_cache/corpus.sqlite``).

- ``root``: where the corpus is (``corpus-root``, else the git repository of the files named,
  else their common folder) and the warnings of one run (``IndexRun``)
- ``database``: the SQLite file, its safety (rebuilt when damaged, WAL and a busy timeout)
- ``keys``: one corpus rule's aggregate (which documents hold a key) as its incremental
  protocol reads it, from the index or from summaries in memory

What a result holds, and when it may be reused, is the engine's business (``engine.cache``).
"""

from newslint.corpus_index.database import CACHE_DIR, DB_NAME, HASH_SIZE, Database
from newslint.corpus_index.keys import Holder, IndexKeys, MemoryKeys, Named, tally
from newslint.corpus_index.root import IndexRun, find_root

__all__ = [
    "CACHE_DIR",
    "DB_NAME",
    "HASH_SIZE",
    "Database",
    "Holder",
    "IndexKeys",
    "IndexRun",
    "MemoryKeys",
    "Named",
    "find_root",
    "tally",
]
