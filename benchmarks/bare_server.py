"""The SDK's floor: a bare MCPServer with one trivial tool, served over stdio.

The benchmarks compare xingtu-showcase-mcp's start-up and memory against this,
so that what is measured is what this project adds, not what the SDK costs.
"""

from mcp.server.mcpserver import MCPServer

app = MCPServer("bare")


@app.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


if __name__ == "__main__":
    app.run("stdio")
