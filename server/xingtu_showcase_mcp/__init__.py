"""xingtu-showcase-mcp: a Douyin creator's Xingtu showcase, condensed for AI assistants."""

# Read by hatchling at build time ([tool.hatch.version]); a literal, not importlib.metadata, because the
# metadata lookup alone costs ~45 ms of every cold start.
__version__ = "0.1.0"
