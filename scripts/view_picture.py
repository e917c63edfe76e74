"""Regenerate README's picture of the MCP Apps view: `uv run python scripts/view_picture.py` → docs/view-demo.png.

The picture is the browser test's own screenshot of the demo answer at 600 px (a desktop chat column), taken
by the same host page the tests use, so it shows what the view draws today and nothing staged. It needs
Debian's Chromium (`.ci/run` installs it) and a Chinese font, or the demo's Chinese titles would be boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOT = ROOT / "test-artifacts" / "view-demo-600-light.png"
PICTURE = ROOT / "docs" / "view-demo.png"
TEST = "tests/test_view.py::test_every_case_renders_without_breaking_the_layout[demo-light]"
FONT_ADVICE = "no Chinese font: install one first, e.g. `apt-get install fonts-wqy-microhei`"


def has_chinese_font() -> bool:
    """Whether fontconfig knows a font covering Chinese (the demo's titles are Chinese)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def main() -> int:
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("view_picture: Chromium is missing: `apt-get install chromium`", file=sys.stderr)
        return 1
    if not has_chinese_font():
        print(f"view_picture: {FONT_ADVICE}", file=sys.stderr)
        return 1
    SHOT.unlink(missing_ok=True)
    env = {**os.environ, "XINGTU_VIEW_SHOTS": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", TEST], cwd=ROOT, env=env, check=False)
    if done.returncode != 0 or not SHOT.is_file():
        print("view_picture: the browser test failed; the picture is unchanged", file=sys.stderr)
        return 1
    shutil.copyfile(SHOT, PICTURE)
    print(PICTURE.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
