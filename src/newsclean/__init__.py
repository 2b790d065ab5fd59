"""newsclean: scraped news pages and texts in, clean article records out.

The library knows nothing of Prefect. A record flows through small named steps:
read -> normalise -> segment -> assign roles -> assemble -> write.

The Python API (newsclean.api), imported on first use so that `import newsclean` stays light:

    newsclean.clean_html(html, url=None) -> Article
    newsclean.clean_text(text) -> Article
    newsclean.Rejected: raised for an input a run would reject (its reason and detail)
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("newsclean")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_API = ("clean_html", "clean_text", "Rejected", "Article")

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """The API's names, imported when first asked for (the cleaning steps import ftfy, rapidfuzz and more)."""
    if name in _API:
        from newsclean import api

        return getattr(api, name)
    raise AttributeError(f"module 'newsclean' has no attribute {name!r}")
