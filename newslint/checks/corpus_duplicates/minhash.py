"""MinHash signatures of word n-grams and LSH banding: what NL602 compares documents by.

A small library with no rule in it.  Signatures are datasketch's (legacy scheme) without
importing datasketch; numpy, imported only once a run is large enough to pay for it (or when
already loaded), vectorises them, and pure Python gives the same values without it.
"""

from __future__ import annotations

import random
import struct
import sys
import zlib
from array import array
from functools import lru_cache
from typing import Optional

MERSENNE = (1 << 61) - 1
MAX_HASH = (1 << 32) - 1
MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
BAND_SEED = 0xC2B2AE3D27D4EB4F


# calls: a short run (a pre-commit hook) is cheaper in pure Python than importing numpy
NUMPY_AFTER = 16
_numpy_calls = [0]


def numpy_or_none(eager: bool = False):
    """numpy (vectorised signatures and banding) once a run is large enough to pay for its
    import, or when it is already loaded; else None (pure Python, identical values)."""
    if not eager and "numpy" not in sys.modules:
        _numpy_calls[0] += 1
        if _numpy_calls[0] <= NUMPY_AFTER:
            return None
    try:
        import numpy
    except ImportError:  # a bare environment (the tests make one)
        return None
    return numpy


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple:
    """MinHash permutations ((a...), (b...)), h -> (a*h + b) mod (2^61 - 1), as datasketch's legacy scheme."""
    rng = random.Random(seed)
    pairs = [(rng.randrange(1, MERSENNE), rng.randrange(0, MERSENNE)) for _ in range(num_perm)]
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)


def _word_crcs(words: list):
    """crc32 of each word's UTF-8, worked out again for every document: a table of the words
    already seen (a million strings at most) cost more in cache misses, among the other
    rules' data, than it saved in hashing."""
    return map(zlib.crc32, map(str.encode, words))


def _shingle_hash_values(words: list, n: int, np):
    """The 32-bit hashes of a word list's n-grams, unsorted and possibly repeated: a uint64
    numpy array with np, else a set; None for no words."""
    if not words:
        return None
    m = max(1, len(words) - n + 1)
    k_max = min(n, len(words))
    if np is not None:  # (integer arrays wrap silently: no numpy.errstate)
        arr = np.fromiter(_word_crcs(words), dtype=np.uint64, count=len(words))
        golden, s31 = np.uint64(GOLDEN), np.uint64(31)
        h = arr[:m].copy()  # 0 ^ the first word's hash
        tmp = np.empty(m, dtype=np.uint64)
        for k in range(k_max):
            if k:
                np.bitwise_xor(h, arr[k : k + m], out=h)
            np.multiply(h, golden, out=h)
            np.right_shift(h, s31, out=tmp)
            np.bitwise_xor(h, tmp, out=h)
        np.bitwise_and(h, np.uint64(MAX_HASH), out=h)
        return h
    wh = list(_word_crcs(words))
    out = set()
    for i in range(m):
        h = 0
        for k in range(k_max):
            h = ((h ^ wh[i + k]) * GOLDEN) & MASK64
            h ^= h >> 31
        out.add(h & MAX_HASH)
    return out


def shingle_hashes(words: list, n: int) -> list:
    """Sorted distinct 32-bit hashes of a word list's n-grams.

    Each word is hashed once (crc32); an n-gram's hash mixes its words' hashes (64-bit
    multiply-xorshift), computed with numpy when it is installed.
    """
    if not words:
        return []
    np = numpy_or_none()
    found = _shingle_hash_values(words, n, np)
    if np is not None:
        return np.unique(found).tolist()
    return sorted(found)


@lru_cache(maxsize=8)
def _permutation_arrays(num_perm: int, seed: int) -> tuple:
    """``permutations`` as uint64 numpy arrays (built once)."""
    import numpy as np

    a, b = permutations(num_perm, seed)
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


LANE = 96  # bits per permutation in a packed integer: h * a + b < 2^94


def _pack(values) -> int:
    return int.from_bytes(b"".join(v.to_bytes(LANE // 8, "little") for v in values), "little")


@lru_cache(maxsize=8)
def _packed_permutations(num_perm: int, seed: int) -> tuple:
    """``permutations`` packed into integers of LANE-bit lanes, and the lane masks."""
    a, b = permutations(num_perm, seed)
    return _pack(a), _pack(b), *(_pack([v] * num_perm) for v in (MERSENNE, 7, 1, MAX_HASH))


def _signature_numpy(np, hv, a, b) -> bytes:
    """min over hv of ((h * a + b) mod 2^64 mod (2^61 - 1)) & MAX_HASH for uint64 arrays a, b.

    With x = (h * a + b) mod 2^64, x mod (2^61 - 1) is y = (x & M) + (x >> 61) unless y
    reaches M, and y's low 32 bits are those of x + (x >> 61).  Where y reaches M
    (y = M + k, k < 8) those bits read MAX_HASH or k - 1 instead of k: when any value reads
    so, the remainder itself is taken.  Repeated hashes do not change a minimum.
    """
    h = np.asarray(hv, dtype=np.uint64)[:, None]
    with np.errstate(over="ignore"):
        x = np.multiply(h, a)  # (h * a) mod 2^64
        np.add(x, b, out=x)
        low = np.right_shift(x, np.uint64(61))
        np.add(low, x, out=low)
        low = low.astype(np.uint32)  # the low 32 bits
        sig = low.min(axis=0)
        if sig.min() < 8 or low.max() == MAX_HASH:  # y may have reached M somewhere
            x = np.remainder(np.add(np.multiply(h, a), b), np.uint64(MERSENNE))
            np.bitwise_and(x, np.uint64(MAX_HASH), out=x)
            sig = x.min(axis=0)
    return sig.astype("<u4").tobytes()


# The low-bit pass: a value's low 32 bits are (h * a + b) mod 2^32, and its remainder's low
# 32 bits are those plus 0 to 8 (the top three bits of h * a + b, and one more where the sum
# reaches 2^61 - 1), so a permutation's minimum is among the values whose low bits are within
# 8 of the least.  SLACK is added to every value's low bits, so that a value whose low bits
# wrap past 2^32 when those 0 to 8 are added reads below SLACK.
SLACK = 9
CHUNK = 256  # distinct hashes a step: the low-bit tables are 2 x 128 KB at 128 permutations
BLOCK = 16  # hashes whose least is taken first: only the blocks near a least are compared


@lru_cache(maxsize=8)
def _low_bit_tables(num_perm: int, seed: int) -> tuple:
    """(a mod 2^32, (b + SLACK) mod 2^32) as uint32 rows of num_perm repeated CHUNK times:
    numpy multiplies and adds arrays of one shape several times faster than an array by a
    column; any first rows of them are still one contiguous block."""
    import numpy as np

    a, b = _permutation_arrays(num_perm, seed)
    low = np.uint64(MAX_HASH)
    return tuple(
        np.tile((v & low).astype(np.uint32), (CHUNK, 1)) for v in (a, b + np.uint64(SLACK))
    )


def _signature_low_bits(np, hv, num_perm: int, seed: int) -> Optional[bytes]:
    """``_signature_numpy`` from the low 32 bits of every value, the remainder itself
    worked out only for each permutation's one value whose low bits are within SLACK of
    the least (any other is larger).  None when some permutation has two such values or
    when a value's low bits wrap (rare: the full computation decides)."""
    h = np.sort(np.asarray(hv, dtype=np.uint64))  # (a sorted list when numpy came late)
    distinct = np.empty(len(h), dtype=bool)  # a repeated hash would tie with itself
    distinct[0] = True
    np.not_equal(h[1:], h[:-1], out=distinct[1:])
    h = h[distinct]
    a_low, b_low = _low_bit_tables(num_perm, seed)
    n = len(h)
    blocks = -(-n // BLOCK)
    low = np.empty((blocks * BLOCK, num_perm), dtype=np.uint32)  # a row per hash
    low[:n] = h.astype(np.uint32)[:, None]
    for start in range(0, n, CHUNK):
        part = low[start : min(start + CHUNK, n)]
        np.multiply(part, a_low[: len(part)], out=part)
        np.add(part, b_low[: len(part)], out=part)  # (h * a + b + SLACK) mod 2^32
    low[n:] = MAX_HASH  # the last block's padding: never near a least
    low = low.reshape(blocks, BLOCK, num_perm)
    block_least = low.min(axis=1)  # each block's least, then only the blocks near the least
    least = block_least.min(axis=0)
    if least.min() < SLACK or least.max() > MAX_HASH - SLACK:  # wrapped, or least + SLACK would
        return None
    bound = least + np.uint32(SLACK)
    near = np.flatnonzero(np.less(block_least, bound))  # 1-D: fast
    if len(near) != num_perm:  # a permutation with two blocks near its least
        return None
    block, perms = np.divmod(near, num_perm)
    near = np.flatnonzero(np.less(low[block, :, perms], bound[perms][:, None]))
    if len(near) != num_perm:  # a permutation with two values near its least
        return None
    rows = block * BLOCK + near % BLOCK
    a, b = _permutation_arrays(num_perm, seed)
    x = h[rows] * a[perms] + b[perms]  # (h * a + b) mod 2^64
    sig = np.empty(num_perm, dtype="<u4")
    sig[perms] = (x % np.uint64(MERSENNE)) & np.uint64(MAX_HASH)
    return sig.tobytes()


def _signature_packed(hv, num_perm: int, packed: tuple) -> Optional[list]:
    """``_signature_scalar`` with the permutations in the lanes of one integer (a lane's
    bits never carry into the next); None when a lane's sum reaches M (rare: then the
    scalar computation is exact) or when ``array`` has no 32-bit unsigned type."""
    if array("I").itemsize != 4:  # pragma: no cover - every common platform
        return None
    a, b, m61, seven, one, low32 = packed
    guard = one << 32
    cur, wrap = None, 0
    for h in hv:
        x = h * a + b  # each lane: bits 0-63 are (h * a + b) mod 2^64
        y = (x & m61) + ((x >> 61) & seven)  # each lane: (x & M) + (x >> 61) < 2^62
        wrap |= y + one  # bit 61 of a lane: y reached M
        r = y & low32
        if cur is None:
            cur = r
            continue
        # lanes where cur >= r (bit 32 of 2^32 + cur - r) take r
        keep = ((((cur | guard) - r) >> 32) & one) * MAX_HASH
        cur ^= (cur ^ r) & keep
    if cur is None or (wrap >> 61) & one:
        return None
    found = array("I", cur.to_bytes(num_perm * LANE // 8, "little"))
    if sys.byteorder != "little":  # pragma: no cover
        found.byteswap()
    return found[:: LANE // 32].tolist()


def _signature_scalar(hv, a, b) -> list:
    return [
        min((((h * ai + bi) & MASK64) % MERSENNE) & MAX_HASH for h in hv) for ai, bi in zip(a, b)
    ]


def minhash(words: list, n: int, num_perm: int, seed: int = 1) -> bytes:
    """The MinHash signature of a document's word n-grams: num_perm little-endian uint32.

    Identical to ``datasketch.MinHash(num_perm, permutations=permutations(num_perm, seed),
    scheme="legacy")`` updated with ``shingle_hashes`` (tests/test_duplicates.py checks
    it), without importing datasketch, whose LSH module pulls in scipy: half a second per
    run of a pre-commit hook.  numpy when installed, else pure Python (same values).
    """
    hv = None
    if words:
        hv = _shingle_hash_values(words, n, numpy_or_none())
    if hv is None or not len(hv):
        return struct.pack(f"<{num_perm}I", *([MAX_HASH] * num_perm))
    np = numpy_or_none()
    if np is not None:
        if isinstance(hv, set):
            hv = sorted(hv)
        sig = _signature_low_bits(np, hv, num_perm, seed)
        return sig or _signature_numpy(np, hv, *_permutation_arrays(num_perm, seed))
    if not isinstance(hv, set):
        hv = set(hv.tolist())
    sig = _signature_packed(hv, num_perm, _packed_permutations(num_perm, seed))
    if sig is None:
        sig = _signature_scalar(hv, *permutations(num_perm, seed))
    return struct.pack(f"<{num_perm}I", *sig)


def signature(payload: bytes) -> tuple:
    """A signature's values from its bytes (``minhash``'s)."""
    return struct.unpack(f"<{len(payload) // 4}I", payload)


def band_keys_of(sig, bands: int, rows: int) -> list:
    """LSH band keys of one signature: a 64-bit hash of each band's rows."""
    out = []
    for b in range(bands):
        h = ((b + 1) * BAND_SEED) & MASK64
        for r in range(b * rows, (b + 1) * rows):
            h = ((h ^ sig[r]) * GOLDEN) & MASK64
            h ^= h >> 29
        out.append(h)
    return out


def band_keys(sigs, bands: int, rows: int):
    """``band_keys_of`` for a (documents x num_perm) uint32 numpy matrix: (documents x bands) uint64."""
    import numpy as np

    n = sigs.shape[0]
    out = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b in range(bands):
            h = np.full(n, ((b + 1) * BAND_SEED) & MASK64, dtype=np.uint64)
            for r in range(b * rows, (b + 1) * rows):
                h = (h ^ sigs[:, r].astype(np.uint64)) * np.uint64(GOLDEN)
                h ^= h >> np.uint64(29)
            out[:, b] = h
    return out


FP_WEIGHT, FN_WEIGHT = 0.1, 0.9  # a missed pair is lost; a false candidate only costs a check


# lsh_params of the default settings, so that a short run needs no numpy; a test recomputes them
KNOWN_LSH_PARAMS = {(0.8, 128, FP_WEIGHT, FN_WEIGHT): (14, 9)}


@lru_cache(maxsize=16)
def lsh_params(
    threshold: float, num_perm: int, fp_weight: float = FP_WEIGHT, fn_weight: float = FN_WEIGHT
) -> tuple:
    """(bands, rows) minimising the weighted false positive and false negative areas at ``threshold``.

    The criterion of datasketch.MinHashLSH, integrated on a fixed grid with numpy instead of
    scipy (whose import alone costs more than a pre-commit run).  Candidates are verified on
    their signatures, so false negatives weigh more: at 0.8 and 128 permutations, 14 bands
    of 9 rows propose 87% of pairs at Jaccard 0.8 and 99.9% at 0.9 (equal weights: 40%, 93%).
    """
    known = KNOWN_LSH_PARAMS.get((threshold, num_perm, fp_weight, fn_weight))
    if known:
        return known
    np = numpy_or_none(eager=True)
    steps = 256 if np is not None else 48
    lo = [(i + 0.5) / steps * threshold for i in range(steps)]
    hi = [threshold + (i + 0.5) / steps * (1 - threshold) for i in range(steps)]
    if np is not None:
        lo, hi = np.array(lo), np.array(hi)
        mean = np.mean
    else:
        mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    best, params = float("inf"), (1, num_perm)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            if np is not None:
                fp = mean(1 - (1 - lo**r) ** b) * threshold
                fn = mean((1 - hi**r) ** b) * (1 - threshold)
            else:
                fp = mean([1 - (1 - x**r) ** b for x in lo]) * threshold
                fn = mean([(1 - x**r) ** b for x in hi]) * (1 - threshold)
            cost = fp * fp_weight + fn * fn_weight
            if cost < best:
                best, params = cost, (b, r)
    return params
