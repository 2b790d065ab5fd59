"""The three output tables of ../shared/CONTRACT.md, declared once, and the rows that fill them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from newsclean import __version__, stories
from newsclean.model import Article, Reject

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

EMBED = pa.struct(
    [
        ("kind", pa.string()),
        ("author", pa.string()),
        ("handle", pa.string()),
        ("date", pa.date32()),
        ("text", pa.string()),
        ("links", pa.list_(pa.string())),
    ]
)

ARTICLES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("source_format", pa.string()),
        ("url", pa.string()),
        ("domain", pa.string()),
        ("title", pa.string()),
        ("section", pa.string()),
        ("byline", pa.string()),
        ("published", UTC_TIMESTAMP),
        ("body", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("captions", pa.list_(pa.string())),
        ("embeds", pa.list_(EMBED)),
        ("comments", pa.list_(pa.string())),
        ("word_count", pa.int64()),
        ("raw_sha256", pa.string()),
        ("pipeline_version", pa.string()),
        ("processed_at", UTC_TIMESTAMP),
        ("lang", pa.string()),
        ("near_duplicate_of", pa.string()),  # filled by the run-level step newsclean.write.clusters
        ("story_id", pa.string()),
    ]
)

SEGMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("seq", pa.int32()),
        ("role", pa.string()),
        ("rule", pa.string()),
        ("matched", pa.string()),
        ("text", pa.string()),
        ("kept", pa.bool_()),
        ("duplicate_of", pa.int32()),
    ]
)

REJECTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("raw_sha256", pa.string()),
        ("processed_at", UTC_TIMESTAMP),
    ]
)

TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "segments": SEGMENTS, "rejects": REJECTS}
ROW_PER_RECORD = ("articles", "rejects")  # every record read has exactly one row in one of these

# The state a snapshot keeps for incremental runs (newsclean.write.state), beside the tables.
RECORD_PIECES = "_records"  # each batch's piece of the records manifest
FILES = pa.schema([("relpath", pa.string()), ("stamp", pa.list_(pa.int64(), 4))])
RECORDS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("raw_sha256", pa.string()),
        ("part", pa.string()),  # None in a batch's piece: unchanged since the last run, its part is the old one
    ]
)
SIGNATURE_PIECES = "_signatures"  # each batch's story signatures of its articles, made on the worker
SIGNATURES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("digest", pa.list_(pa.uint32())),
        ("bands", pa.list_(pa.int64())),
        ("keys", pa.list_(pa.int64())),
    ]
)


def signature_row(doc_id: str, signature: stories.Signature) -> Row:
    return {
        "doc_id": doc_id,
        "digest": signature.digest.tolist(),
        "bands": signature.bands.tolist(),
        "keys": signature.keys.tolist(),
    }


PART_PIECES = "_parts"  # each batch's piece of the parts manifest
PARTS = pa.schema(  # every part file of a snapshot, to tell a damaged or missing one (newsclean.write.integrity)
    [
        ("table", pa.string()),
        ("part", pa.string()),  # the file is <snapshot>/<table>/<part>.parquet
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("sha256", pa.string()),
        ("rows", pa.int64()),
    ]
)

Row = dict[str, Any]


class SchemaMismatch(RuntimeError):
    """Rows written under an older schema that the current one cannot take."""


def conform(table: pa.Table, schema: pa.Schema, source: object = "a part") -> pa.Table:
    """`table` in `schema`: its columns in the schema's order, a column it lacks as nulls (a column added
    since it was written), one the schema lacks dropped. A column whose values the new type cannot hold
    stops the run: better than rows that silently lose them."""
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, field.type))
            continue
        try:
            columns.append(table[field.name].cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise SchemaMismatch(
                f"{source}: column {field.name} cannot become {field.type} ({exc}); clean everything again"
                " into a new output folder, or run with --force and no --pattern (and --prune for gone inputs)"
            ) from None
    return pa.Table.from_arrays(columns, schema=schema)


def article_row(article: Article, processed_at: datetime) -> Row:
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "source_format": article.source_format,
        "url": article.url,
        "domain": article.domain,
        "title": article.title,
        "section": article.section,
        "byline": article.byline,
        "published": article.published,
        "body": article.body,
        "paragraphs": article.paragraphs,
        "captions": article.captions,
        "embeds": [
            {
                "kind": e.kind,
                "author": e.author,
                "handle": e.handle,
                "date": e.date,
                "text": e.text,
                "links": list(e.links),
            }
            for e in article.embeds
        ],
        "comments": article.comments,
        "word_count": article.word_count,
        "raw_sha256": article.raw_sha256,
        "pipeline_version": __version__,
        "processed_at": processed_at,
        "lang": article.lang,
        "near_duplicate_of": None,  # run-level: newsclean.write.clusters fills both before the commit
        "story_id": None,
    }


def segment_rows(article: Article) -> list[Row]:
    return [
        {
            "doc_id": article.doc_id,
            "seq": s.seq,
            "role": s.role,
            "rule": s.rule,
            "matched": s.matched,
            "text": s.text,
            "kept": s.kept,
            "duplicate_of": s.duplicate_of,
        }
        for s in article.segments
    ]


def reject_row(reject: Reject, processed_at: datetime) -> Row:
    return {
        "doc_id": reject.doc_id,
        "source": reject.source,
        "reason": reject.reason,
        "detail": reject.detail,
        "raw_sha256": reject.raw_sha256,
        "processed_at": processed_at,
    }
