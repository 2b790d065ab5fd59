"""The story-cluster index, kept in the snapshot's state, and the run-level step that fills the articles'
`near_duplicate_of` and `story_id` (newsclean.stories decides; this module keeps and writes).

    snapshots/<run id>/_clusters.parquet   each indexed article: doc_id, near_duplicate_of, story_id, and its
                                           signature (MinHash digest, LSH band keys, sampled story keys)

Incremental: a run signs only its own articles (and carried ones the index lacks) and looks their candidates
up among the indexed ones, so a new document joins existing clusters without recomputing the rest. The
batches sign their articles on the workers (`_signatures/<part>.parquet`, schema.SIGNATURES); this step, which
runs in one process after them, looks those up and signs only what they could not (an id two records claimed,
a carried article the index lacks). Rows of
earlier runs change only where a singleton becomes the representative of a new group of copies (its
`near_duplicate_of` goes from null to itself); story ids never change. The step runs after the carried rows
are in the new snapshot, before its commit: an article part it fills is written under a new name (its other
tables' files renamed with it), so no file a snapshot already used, nor one shared with an older snapshot,
changes.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
from pyarrow.parquet import ParquetFile

from newsclean import stories
from newsclean.arrays import distinct, distinct_counts
from newsclean.write.carry import read_filtered
from newsclean.write.key_rows import KeyRows
from newsclean.write.parts import ROW_GROUP_ROWS, part_info, write_batches
from newsclean.write.schema import SIGNATURE_PIECES, SIGNATURES
from newsclean.write.state import read_parquet

CLUSTERS_FILE = "_clusters.parquet"
CLUSTERS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("near_duplicate_of", pa.string()),
        ("story_id", pa.string()),
        *(SIGNATURES.field(name) for name in ("digest", "bands", "keys")),
    ]
)
COLUMNS = ("near_duplicate_of", "story_id")  # the articles' columns this step fills
INDEX_BATCH_ROWS = 16_384  # rows of the index written at a time


@dataclass(slots=True)
class Entry:
    """An indexed article: its cluster columns (its MinHash digest is a row of Index.digests, its keys are in
    the lookups and, for this run's articles, in Index.added_keys)."""

    doc_id: str
    near: str | None
    story: str


@dataclass
class ClusterCounts:
    """What the step did, for the run report."""

    signed: int = 0  # articles signed and assigned in this run
    copies: int = 0  # of them, near-verbatim copies of an earlier article
    joined: int = 0  # of them, joining an existing story (copies included)
    parts_rewritten: int = 0

    def items(self) -> list[tuple[str, int]]:
        return [
            ("articles assigned", self.signed),
            ("near-verbatim copies", self.copies),
            ("joined a story", self.joined),
        ]


@dataclass
class Index:
    """The indexed articles, with lookups from band key and story key to entries."""

    entries: list[Entry] = field(default_factory=list)
    by_band: KeyRows = field(default_factory=KeyRows)
    by_key: KeyRows = field(default_factory=KeyRows)
    changed: set[str] = field(default_factory=set)  # doc_ids whose near_duplicate_of this run changed
    carried: int = 0  # the first entries, read from the previous index: their rows are written back from its file
    added_keys: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # (bands, keys) of the others
    # the entries' digests as the rows of one matrix (its first len(entries) rows; it doubles when full)
    digests: np.ndarray = field(default_factory=lambda: digest_rows(1024))

    def add(self, doc_id: str, near: str | None, story: str, signature: stories.Signature) -> Entry:
        """Index an article of this run: its digest as the matrix's next row, its band and story keys in the
        lookups and kept to be written."""
        n = len(self.entries)
        entry = Entry(doc_id, near, story)
        self.entries.append(entry)
        self.added_keys.append((signature.bands, signature.keys))
        self._room(n + 1)
        self.digests[n] = signature.digest
        self.by_band.add(signature.bands, n)
        self.by_key.add(signature.keys, n)
        return entry

    def carry(self, batch: pa.RecordBatch) -> np.ndarray:
        """Index a batch of the previous index's rows (before any article of this run): their entries and
        digests; returns their rows, whose keys the caller loads into the lookups in bulk."""
        start = len(self.entries)
        if start != self.carried:
            raise ValueError("the articles carried from the previous index come first")
        columns = batch.select(["doc_id", "near_duplicate_of", "story_id"]).to_pydict()
        self.entries.extend(Entry(*names) for names in zip(*columns.values(), strict=True))
        self.carried = len(self.entries)
        self._room(self.carried)
        self.digests[start : self.carried] = batch["digest"].flatten().to_numpy().reshape(-1, stories.NUM_PERM)
        return np.arange(start, self.carried, dtype=np.int32)

    def _room(self, rows: int) -> None:
        """At least `rows` rows in the digest matrix (it doubles when full)."""
        while rows > len(self.digests):
            self.digests = np.concatenate([self.digests, np.zeros_like(self.digests)])

    def near_copy(self, signature: stories.Signature) -> Entry | None:
        """The most similar indexed article this body is a near-verbatim copy of (earliest on ties). The
        candidates' estimated Jaccard (stories.jaccard) is read off the digest matrix at once: a corpus of
        similar pages shares bands with dozens of indexed articles, and a numpy call per pair cost a quarter
        of the step."""
        found = distinct(np.concatenate([np.zeros(0, np.int32), *self.by_band.holders(signature.bands)]))
        if not len(found):
            return None
        similar = (self.digests[found] == signature.digest).mean(axis=1)
        scored = [(float(s), -n) for s, n in zip(similar, found.tolist(), strict=True) if s >= stories.NEAR_JACCARD]
        best = max(scored, default=None)
        return self.entries[-best[1]] if best else None

    def story_candidates(self, signature: stories.Signature) -> list[Entry]:
        """Indexed articles sharing enough story keys, most shared first, earliest on ties (the sentence
        comparison is the costly part: boilerplate many articles share must not make every one a candidate)."""
        held = self.by_key.holders(signature.keys, fewer_than=stories.COMMON_KEY)
        rows, shared = distinct_counts(np.concatenate([np.zeros(0, np.int32), *held]))
        enough = shared >= stories.STORY_MIN_KEYS
        rows, shared = rows[enough], shared[enough]
        ranked = rows[np.lexsort((rows, -shared))][: stories.STORY_CANDIDATES]
        return [self.entries[n] for n in ranked.tolist()]

    def join_copy(self, doc_id: str, original: Entry) -> str:
        """The representative a copy of `original` names; a singleton becomes one (its row changes)."""
        if original.near is None:
            original.near = original.doc_id
            self.changed.add(original.doc_id)
        return original.near


def carried_rows(previous: Path | None, keep: pa.Array) -> Iterator[pa.RecordBatch]:
    """The previous snapshot's index, limited to the articles carried into this one (`keep`, doc_ids), a
    batch at a time in the file's order. Read twice: to build the index and to write its rows back, so that
    neither the file's table (about 1.2 KB an article) nor the carried articles' keys stay in memory."""
    path = previous / CLUSTERS_FILE if previous is not None else None
    if path is None or not path.is_file():
        return
    yield from read_filtered([path], keep, batch_rows=INDEX_BATCH_ROWS, schema=CLUSTERS)


@dataclass
class Clustering:
    counts: ClusterCounts
    renamed: dict[str, str]  # part -> the new name its rewritten article file (and its partners) now have


def update_clusters(previous: Path | None, snapshot: Path, fresh: set[str]) -> Clustering:
    """Assign this run's articles (`fresh`, and carried ones the index lacks) to near-duplicate groups and
    stories, write their columns into the snapshot's article parts and the index into its state."""
    parts = _article_parts(snapshot)
    keep = pa.array(sorted(d for d in parts if d not in fresh), pa.string())
    index = _index_of(carried_rows(previous, keep), len(parts))
    indexed = {entry.doc_id for entry in index.entries}  # the index's own strings, not the column read again
    todo = sorted(d for d in parts if d not in indexed)
    counts = ClusterCounts()
    with _Texts(snapshot, parts, signed_by_batches(snapshot, parts)) as texts:
        texts.fetch(todo, sign=True)  # their sentences are compared with later articles' (one read per part)
        if index.carried:
            texts.fetch(_indexed_candidates(index, todo, texts))  # and the indexed ones they may be compared with
        for doc_id in todo:
            _assign(index, doc_id, texts, counts)
    renamed = _write_columns(snapshot, parts, index, set(todo) | index.changed)
    counts.parts_rewritten = len(renamed)
    write_batches(_index_batches(index, carried_rows(previous, keep)), CLUSTERS, snapshot / CLUSTERS_FILE)
    return Clustering(counts, renamed)


def renamed_parts(
    snapshot: Path, manifest: pa.Table, parts: pa.Table, renamed: dict[str, str]
) -> tuple[pa.Table, pa.Table]:
    """The records manifest and the parts manifest after the step renamed parts: rows point at the new
    names, and a rewritten articles file gets its new size and checksum."""
    if not renamed:
        return manifest, parts
    names = pa.array([renamed.get(p, p) for p in manifest["part"].to_pylist()], pa.string())
    manifest = manifest.set_column(manifest.schema.get_field_index("part"), "part", names)
    infos = []
    for row in parts.to_pylist():
        if row["part"] in renamed:
            row["part"] = renamed[row["part"]]
            if row["table"] == "articles":
                row = part_info(snapshot / "articles" / f"{row['part']}.parquet", "articles", row["rows"])
        infos.append(row)
    return manifest, pa.Table.from_pylist(infos, schema=parts.schema)


def _indexed_candidates(index: Index, todo: list[str], texts: _Texts) -> set[str]:
    """The indexed articles that may be story candidates of this run's articles, so that their sentences are
    read in one pass over the parts, not a pass for each article as it is assigned: that took 87 s of the
    step's 111 on 1,000 new synthetic articles over 100,000 indexed. Each article asks again as it is
    assigned, against the index as it then stands; a candidate this did not foresee is read then."""
    return {entry.doc_id for doc_id in todo for entry in index.story_candidates(texts.signed[doc_id])}


def _assign(index: Index, doc_id: str, texts: _Texts, counts: ClusterCounts) -> None:
    """One article: a copy joins its original's group and story; otherwise the first candidate that tells
    the same story gives its story; otherwise the article founds one."""
    signature = texts.signature(doc_id)
    counts.signed += 1
    near: str | None = None
    story: str | None = None
    original = index.near_copy(signature)
    if original is not None:
        near, story = index.join_copy(doc_id, original), original.story
        counts.copies += 1
    else:
        candidates = index.story_candidates(signature)
        texts.fetch(e.doc_id for e in candidates)
        mine = texts.sentences(doc_id)
        story = next((e.story for e in candidates if stories.same_story(mine, texts.sentences(e.doc_id))), None)
    counts.joined += story is not None
    index.add(doc_id, near, story or stories.story_id(doc_id), signature)


class _Texts:
    """The sentences of the articles the step compares, read from the snapshot's parts as it needs them (one
    pass per part, each article once), and the articles' signatures: the batches' (`signed`), or made here
    from the body as it is read. Neither the bodies nor the sentences are held in memory: for every article
    of a run they were most of the step's memory; the sentences wait compressed in a _SentenceFile."""

    def __init__(self, snapshot: Path, parts: dict[str, str], signed: dict[str, stories.Signature]) -> None:
        self.snapshot, self.parts, self.signed = snapshot, parts, signed
        self._sentences = _SentenceFile(snapshot)

    def __enter__(self) -> _Texts:
        return self

    def __exit__(self, *_: object) -> None:
        self._sentences.close()

    def signature(self, doc_id: str) -> stories.Signature:
        """The article's signature (fetched with `sign` first); handed over once."""
        return self.signed.pop(doc_id)

    def fetch(self, doc_ids: Iterable[str], *, sign: bool = False) -> None:
        """Read the sentences of these articles not read yet, one pass per part file; with `sign`, sign the
        ones the batches did not."""
        by_part: dict[str, set[str]] = defaultdict(set)
        for doc_id in doc_ids:
            if doc_id not in self._sentences and doc_id in self.parts:
                by_part[self.parts[doc_id]].add(doc_id)
        for part, wanted in by_part.items():
            unsigned: dict[str, str] = {}  # the body a doc_id's last row holds, as the sentences are
            for doc_id, body in _bodies(self.snapshot / "articles" / f"{part}.parquet", wanted):
                self._sentences.put(doc_id, stories.sentences(body))
                if sign and doc_id not in self.signed:
                    unsigned[doc_id] = body
            self.signed.update((doc_id, stories.signature(body)) for doc_id, body in unsigned.items())
            _release_unused()

    def sentences(self, doc_id: str) -> list[str]:
        return self._sentences.get(doc_id)


class _SentenceFile:
    """Articles' sentence lists, compressed, in an unnamed temporary file in the snapshot's folder (the
    output's file system; no name to leave behind, whatever ends the process), with each one's offset and
    length in memory: the compressed lists themselves held in memory took about 80 MB of the step's peak on
    100,000 synthetic articles, and grow with the bodies' length."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by close(), from _Texts.__exit__)
        self._places: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._places

    def put(self, doc_id: str, sentences: list[str]) -> None:
        data = memoryview(zlib.compress("\n".join(sentences).encode(), 1))
        start = self._end
        while data:  # a write may take less than it was given
            written = os.pwrite(self._file.fileno(), data, self._end)
            data, self._end = data[written:], self._end + written
        self._places[doc_id] = (start, self._end - start)

    def get(self, doc_id: str) -> list[str]:
        """The article's sentences; none for one not put."""
        start, size = self._places.get(doc_id, (0, 0))
        text = zlib.decompress(os.pread(self._file.fileno(), size, start)).decode() if size else ""
        return text.split("\n") if text else []

    def close(self) -> None:
        self._file.close()


def _bodies(path: Path, wanted: set[str]) -> Iterator[tuple[str, str]]:
    """(doc_id, body) of the wanted articles of one part file, a row group at a time (a part's bodies as
    Python strings at once were the step's peak)."""
    doc_ids = pa.array(sorted(wanted), pa.string())
    for batch in read_filtered([path], doc_ids, batch_rows=ROW_GROUP_ROWS["articles"], columns=["doc_id", "body"]):
        yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)


def signed_by_batches(snapshot: Path, parts: dict[str, str]) -> dict[str, stories.Signature]:
    """The signatures the batches wrote (`_signatures/<part>.parquet`) of the articles still in that part:
    an article a doc_id collision moved to another part or id, or a doc_id a part holds twice, is signed
    again from its body."""
    found: dict[str, stories.Signature] = {}
    twice: set[str] = set()
    for path in sorted((snapshot / SIGNATURE_PIECES).glob("*.parquet")):
        table = read_parquet(path).cast(SIGNATURES)
        for doc_id, signature in zip(table["doc_id"].to_pylist(), _signatures(table), strict=True):
            if parts.get(doc_id) != path.stem:
                continue
            if doc_id in found:
                twice.add(doc_id)
            found[doc_id] = signature
    return {doc_id: signature for doc_id, signature in found.items() if doc_id not in twice}


def digest_rows(rows: int) -> np.ndarray:
    """An empty digest matrix. Its pages are the system's zeros until a row is written (np.zeros), so one
    made for every article the step may index costs only the rows it fills: the doubling's copy wrote its
    unused half too."""
    return np.zeros((max(1, rows), stories.NUM_PERM), np.uint32)


def _index_of(batches: Iterable[pa.RecordBatch], articles: int) -> Index:
    """The index of the carried articles, from the previous index's rows, with room for the digests of
    `articles` (every article of the snapshot); their band and story keys go into the lookups at once."""
    index = Index(digests=digest_rows(articles))
    bands: list[tuple[np.ndarray, np.ndarray]] = []
    keys: list[tuple[np.ndarray, np.ndarray]] = []
    for batch in batches:
        rows = index.carry(batch)
        bands.append(_key_pairs(batch["bands"], rows))
        keys.append(_key_pairs(batch["keys"], rows))
    index.by_band.load(*_joined(bands))
    del bands  # its pieces go before the story keys are sorted
    index.by_key.load(*_joined(keys))
    return index


def _joined(pairs: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Batches' (keys, rows) as one (keys, rows)."""
    return (
        np.concatenate([np.zeros(0, np.int64), *(keys for keys, _ in pairs)]),
        np.concatenate([np.zeros(0, np.int32), *(rows for _, rows in pairs)]),
    )


def _key_pairs(column: pa.ListArray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key, row) pairs of a list column of keys, one list a row."""
    counts = np.diff(column.offsets.to_numpy())
    return column.flatten().to_numpy(), np.repeat(rows, counts)


def _signatures(table: pa.Table) -> Iterator[stories.Signature]:
    """The signatures of a table's rows, read back from its digest, bands and keys columns (schema.SIGNATURES,
    as schema.signature_row wrote them) as views of numpy arrays: as lists of Python ints an index of 100,000
    articles took some 750 MB at once."""
    lists = [table[name].combine_chunks() for name in ("digest", "bands", "keys")]
    offsets = [column.offsets.to_numpy() for column in lists]
    values = [column.values.to_numpy() for column in lists]
    for n in range(table.num_rows):
        digest, bands, keys = (v[o[n] : o[n + 1]] for v, o in zip(values, offsets, strict=True))
        yield stories.Signature(digest, bands, keys)


def _index_batches(index: Index, carried: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The index as record batches (CLUSTERS): the carried rows, then this run's articles."""
    yield from _carried_batches(index, carried)
    yield from _added_batches(index)


def _carried_batches(index: Index, carried: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The carried rows as the previous file holds them (`carried`, read again in the order the index was
    built from), with their near_duplicate_of as the index has it now (a singleton may have become a group's
    representative)."""
    row = 0
    for batch in carried:
        entries = index.entries[row : row + batch.num_rows]
        if [e.doc_id for e in entries] != batch.column("doc_id").to_pylist():
            raise RuntimeError("the previous story index changed while the cluster step read it")
        yield batch.set_column(1, "near_duplicate_of", pa.array([e.near for e in entries], pa.string()))
        row += batch.num_rows
    if row != index.carried:
        raise RuntimeError("the previous story index changed while the cluster step read it")


def _added_batches(index: Index) -> Iterator[pa.RecordBatch]:
    """This run's articles, INDEX_BATCH_ROWS at a time, their list columns built from numpy arrays: as rows of
    Python ints the digests of 100,000 articles alone took 400 MB, and the whole index as one table was the
    step's peak."""
    for start in range(0, len(index.added_keys), INDEX_BATCH_ROWS):
        added = index.added_keys[start : start + INDEX_BATCH_ROWS]
        entries = index.entries[index.carried + start : index.carried + start + len(added)]
        digests = index.digests[index.carried + start : index.carried + start + len(added)]
        columns = [
            pa.array([e.doc_id for e in entries], pa.string()),
            pa.array([e.near for e in entries], pa.string()),
            pa.array([e.story for e in entries], pa.string()),
            pa.FixedSizeListArray.from_arrays(digests.ravel(), stories.NUM_PERM).cast(CLUSTERS.field("digest").type),
            _lists([bands for bands, _ in added], np.int64),
            _lists([keys for _, keys in added], np.int64),
        ]
        yield pa.RecordBatch.from_arrays(columns, schema=CLUSTERS)


def _lists(arrays: list[np.ndarray], dtype: type[np.generic]) -> pa.ListArray:
    """One list column from one numpy array a row."""
    offsets = np.zeros(len(arrays) + 1, np.int32)
    np.cumsum([len(a) for a in arrays], out=offsets[1:])
    values = np.concatenate([np.zeros(0, dtype), *arrays]).astype(dtype, copy=False)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))


def _filled(path: Path, values: dict[str, tuple[str | None, str]]) -> Iterator[pa.RecordBatch]:
    """An article part's rows, a row group's worth at a time (a whole part at once was the step's peak), with
    their cluster columns (COLUMNS) set from `values` where it holds the doc_id."""
    for batch in read_filtered([path], None, batch_rows=ROW_GROUP_ROWS["articles"]):
        ids = batch.column("doc_id").to_pylist()
        for n, column in enumerate(COLUMNS):
            at = batch.schema.get_field_index(column)
            old = batch.column(at).to_pylist()
            filled = [values[d][n] if d in values else o for d, o in zip(ids, old, strict=True)]
            batch = batch.set_column(at, column, pa.array(filled, pa.string()))
        yield batch


def _release_unused() -> None:
    """Hand the memory Arrow's allocator keeps after a part file is read back to the system: it keeps what
    the tables held (a quarter of the step's peak on 26,000 articles)."""
    pa.default_memory_pool().release_unused()


def _article_parts(snapshot: Path) -> dict[str, str]:
    """doc_id -> part file name of every article in the snapshot (rejects have no cluster)."""
    found: dict[str, str] = {}
    for path in sorted((snapshot / "articles").glob("*.parquet")):
        for doc_id in read_parquet(path, ["doc_id"])["doc_id"].to_pylist():
            found[doc_id] = path.stem
    return found


def _write_columns(snapshot: Path, parts: dict[str, str], index: Index, docs: set[str]) -> dict[str, str]:
    """Write the cluster columns into the article parts holding `docs`, each under a new name (a part's
    name is never reused for other content: a reader holding a listing sees one whole snapshot), its other
    tables' files renamed with it; returns old name -> new name."""
    values = {e.doc_id: (e.near, e.story) for e in index.entries}
    touched = sorted({parts[d] for d in docs if d in parts})
    renamed = {part: f"{snapshot.name}-stories-{n:06d}" for n, part in enumerate(touched)}
    for part, new in renamed.items():
        path = snapshot / "articles" / f"{part}.parquet"
        write_batches(_filled(path, values), ParquetFile(path).schema_arrow, snapshot / "articles" / f"{new}.parquet")
        _release_unused()
        os.unlink(path)  # this snapshot's entry only: a file shared with an older snapshot stays as it was
        for other in ("segments", "rejects"):
            if (snapshot / other / f"{part}.parquet").is_file():
                os.rename(snapshot / other / f"{part}.parquet", snapshot / other / f"{new}.parquet")
    return renamed
