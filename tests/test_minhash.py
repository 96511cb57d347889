"""The low-bit MinHash signature (minhash._signature_low_bits) agrees with the exact one."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.checks.corpus_duplicates import minhash

MASK32 = (1 << 32) - 1


def exact(values, num_perm):
    return np.array(
        minhash._signature_scalar(set(values), *minhash.permutations(num_perm, 1)), dtype="<u4"
    ).tobytes()


def low_bits(values, num_perm):
    return minhash._signature_low_bits(np, np.array(values, dtype=np.uint64), num_perm, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, MASK32), min_size=1, max_size=700),
    st.sampled_from([128, 16, 1]),
)
def test_low_bits_are_the_exact_signature(values, num_perm):
    """Repeated hashes, one hash, and more than one chunk of them (CHUNK = 256)."""
    found = low_bits(values, num_perm)
    if found is not None:  # None: the exact computation decides (two values near a least)
        assert found == exact(values, num_perm)
    assert minhash.minhash([f"w{v}" for v in values[:50]], 2, num_perm) == exact(
        minhash._shingle_hash_values([f"w{v}" for v in values[:50]], 2, None), num_perm
    )


def hash_with_low_bits(perm: int, wanted: int) -> int:
    """A hash whose low bits (minhash.SLACK added) are ``wanted`` in permutation ``perm``."""
    a, b = minhash.permutations(128, 1)
    a_low, b_low = a[perm] & MASK32, (b[perm] + minhash.SLACK) & MASK32
    return (wanted - b_low) * pow(a_low, -1, 1 << 32) & MASK32


def odd_permutation() -> int:
    a, _ = minhash.permutations(128, 1)
    return next(j for j, v in enumerate(a) if v & 1)  # a mod 2^32 invertible


@pytest.mark.parametrize(
    "wanted",
    [
        [1000, 1004],  # two values within SLACK of the least: either may be the minimum
        [3],  # low bits that wrapped past 2^32
        [1000, 1000 + minhash.SLACK],  # just far enough apart: the low bits decide
    ],
)
def test_near_or_wrapping_low_bits_fall_back_to_the_exact_signature(wanted):
    j = odd_permutation()
    values = [hash_with_low_bits(j, w) for w in wanted] + list(range(10**6, 10**6 + 300))
    found = low_bits(values, 128)
    if wanted[-1] - wanted[0] < minhash.SLACK:
        assert found is None
    else:
        assert found == exact(values, 128)
    words = np.array(values, dtype=np.uint64)
    signature = minhash._signature_low_bits(np, words, 128, 1) or minhash._signature_numpy(
        np, words, *minhash._permutation_arrays(128, 1)
    )
    assert signature == exact(values, 128)


def test_the_low_bits_decide_for_ordinary_documents():
    values = np.random.default_rng(7).integers(0, MASK32, size=600, dtype=np.uint64)
    for size in (1, 255, 256, 257, 600):
        found = low_bits(values[:size], 128)
        assert found is not None and found == exact(values[:size].tolist(), 128)
    # a sorted list of Python ints (minhash's set path, when numpy came after the hashes)
    listed = sorted(set(values[:300].tolist()))
    assert minhash._signature_low_bits(np, listed, 128, 1) == exact(listed, 128)
