"""Step 1, read: find input files under RAW_DIR, name their records, decode their bytes."""

from newsclean.read.decode import DecodeError, decode_bytes
from newsclean.read.discover import InputFile, discover, doc_id_for
from newsclean.read.records import read_records

__all__ = ["DecodeError", "InputFile", "decode_bytes", "discover", "doc_id_for", "read_records"]
