"""xingtu-showcase-mcp: a Douyin creator's Xingtu showcase, condensed for AI assistants."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xingtu-showcase-mcp")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
