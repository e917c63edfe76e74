"""Draw the icon's PNG from its SVG: `uv run python scripts/icon_png.py` → server/xingtu_showcase_mcp/icon.png.

The SVG is the one picture (the server sends it inline); hosts that want a raster (the MCP Bundle's icon, a
tool icon fetched by URL) get this 512 × 512 PNG of it, drawn by Debian's Chromium with a transparent
background. `tests/test_packaging.py` checks the two still show the same picture.
"""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "xingtu_showcase_mcp"
SVG = PACKAGE / "icon.svg"
PNG = PACKAGE / "icon.png"
SIZE = 512


def page_of(svg: bytes, size: int) -> str:
    """A page showing `svg` alone, `size` pixels square, on nothing."""
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return (
        "<!doctype html><html><body style='margin:0;background:transparent'>"
        f"<img src='{source}' width='{size}' height='{size}' style='display:block'></body></html>"
    )


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("icon_png: Chromium is missing: `apt-get install chromium`", file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(page_of(SVG.read_bytes(), SIZE))
        page.screenshot(path=str(PNG), omit_background=True)
        browser.close()
    print(PNG.relative_to(PACKAGE.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
