"""Story clusters: which articles are near-verbatim copies of one another (`near_duplicate_of`), and which
are copies or rewrites of one story (`story_id`).

- Near-duplicates: MinHash (rensa) over the body's word 5-gram shingles, banded for LSH (32 bands of 4
  rows: a pair whose shingle sets overlap by Jaccard 0.6 shares a band with probability 0.99); a candidate is
  a copy when the signatures estimate a Jaccard of NEAR_JACCARD or more. On the devset, edited copies (other
  boilerplate, a paragraph dropped, captions, quotes and spacing changed) score 0.66 and more but for two of
  100; two sites' versions of one press release, one rewritten in indirect speech, score 0.54: a rewrite,
  which joins the story, not the copies. The group's representative is its first document (indexed first:
  earlier runs before later ones, then by doc_id) and names itself.
- Stories: a rewritten wire story keeps few shingles of its original, but sentence after sentence says
  nearly the same. Candidates share STORY_MIN_KEYS of a fixed sample of shingle hashes (those whose hash is
  0 modulo KEY_SAMPLE: a shingle two bodies share is sampled in both); a candidate is the same story when
  enough of the shorter body's sentences have a fuzzy match (rapidfuzz) in the other. Articles on the same
  topic share words, not sentences, and stay apart.

This module computes and compares; newsclean.write.clusters keeps the index in the snapshot's state.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rensa import RMinHash

from newsclean.text.features import fold

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32  # of NUM_PERM // BANDS rows each
SEED = 20241204  # fixed: signatures of different runs must compare
NEAR_JACCARD = 0.6  # estimated Jaccard of the shingle sets at or above which two bodies are near-verbatim copies
MIN_SHINGLES = 5  # a body of fewer shingles (under 9 words) is too short to call a copy of anything
KEY_SAMPLE = 8  # one shingle hash in this many is a story key
STORY_MIN_KEYS = 2  # story keys a candidate must share
STORY_CANDIDATES = 5  # those sharing the most keys are compared sentence by sentence, no more
COMMON_KEY = 50  # a key this many indexed articles hold is boilerplate (a footer, a disclaimer), not a story
SENTENCE_MIN_WORDS = 6  # shorter sentences (datelines, labels) say nothing about the story
SENTENCE_SIMILARITY = 70.0  # rapidfuzz ratio of the sorted words at which two sentences say the same
STORY_SHARE = 0.2  # share of the shorter body's sentences that must match
STORY_MIN_SENTENCES = 2  # and at least this many

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


@dataclass(frozen=True, slots=True)
class Signature:
    """What the index keeps of one body: its MinHash digest, the LSH band keys, the sampled story keys."""

    digest: np.ndarray  # uint32, NUM_PERM values
    bands: np.ndarray  # int64, one key per band; empty for a body too short to compare
    keys: np.ndarray  # int64, sampled shingle hashes (story candidates), ascending


def words(body: str) -> list[str]:
    """The body's words, case-folded, quotes straightened and punctuation dropped: whitespace, quote style
    and case do not make two copies differ."""
    return _WORD.findall(fold(body))


def shingles(body: str) -> list[str]:
    found = words(body)
    return [" ".join(found[i : i + SHINGLE_WORDS]) for i in range(len(found) - SHINGLE_WORDS + 1)]


def signature(body: str) -> Signature:
    found = shingles(body)
    minhash = RMinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update(found)
    digest = np.asarray(minhash.digest(), dtype=np.uint32)
    bands = band_keys(digest) if len(set(found)) >= MIN_SHINGLES else np.zeros(0, np.int64)
    return Signature(digest, bands, story_keys(found))


def band_keys(digest: np.ndarray) -> np.ndarray:
    """One signed 64-bit key per band: the band's rows hashed with its number (equal keys: equal bands)."""
    rows = digest.reshape(BANDS, NUM_PERM // BANDS)
    return np.array([_int64(n.to_bytes(2, "little") + row.tobytes()) for n, row in enumerate(rows)], np.int64)


def story_keys(found: list[str]) -> np.ndarray:
    """The sampled shingles' 64-bit hashes (CRC-32 and Adler-32 side by side: a fast, stable hash; the
    sample is the CRC's residue, so a shingle two bodies share is sampled in both)."""
    keys = set()
    for shingle in found:
        data = shingle.encode()
        crc = zlib.crc32(data)
        if crc % KEY_SAMPLE == 0:
            keys.add(((crc << 32) | zlib.adler32(data)) - (1 << 63))  # as a signed 64-bit value
    return np.array(sorted(keys), np.int64)


def _int64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two bodies' shingle sets, as their MinHash digests estimate it."""
    return float(np.mean(first == second))


def sentences(body: str) -> list[str]:
    """The body's sentences long enough to say something about the story, folded, each with its words in
    sorted order: a rewrite reorders clauses and adds words, and comparing sorted words (token_sort) by
    rapidfuzz's vectorised ratio costs an eighth of token_set_ratio, with the same verdicts on the seeds."""
    found = (s.strip() for paragraph in body.split("\n") for s in _SENTENCE_END.split(paragraph))
    return [" ".join(sorted(fold(s).split())) for s in found if len(s.split()) >= SENTENCE_MIN_WORDS]


def same_story(first: list[str], second: list[str]) -> bool:
    """Whether two bodies' sentences (`sentences`) tell the same story: enough of the shorter one's
    sentences have a near match in the other."""
    if not first or not second:
        return False
    shorter, longer = sorted((first, second), key=len)
    scores = process.cdist(shorter, longer, scorer=fuzz.ratio, score_cutoff=SENTENCE_SIMILARITY, workers=1)
    matched = int(np.count_nonzero(scores.max(axis=1)))
    return matched >= STORY_MIN_SENTENCES and matched >= STORY_SHARE * len(shorter)


def story_id(founder: str) -> str:
    """A story's id, from the doc_id of its first document: stable, and never a doc_id itself."""
    return "story-" + hashlib.sha256(founder.encode("utf-8")).hexdigest()[:16]
