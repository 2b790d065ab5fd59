"""newsclean: scraped news pages and texts in, clean article records out.

The library knows nothing of Prefect. A record flows through small named steps:
read -> normalise -> segment -> assign roles -> assemble -> write.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsclean")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
