"""The MCP Apps view: one self-contained HTML document, served as a `ui://` resource.

Hosts that render MCP Apps (the `io.modelcontextprotocol/ui` extension) show it
beside the answer, in a sandboxed frame: plays and engagement per work over
time, the section figures and Xingtu's own, each title linking to its Douyin
page. No CDN, no network, no chart library: inline CSS and JS, allowed by their
SHA-256 hashes in a content-security policy that allows nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Final

from . import __version__
from .glossary import ENGAGEMENT_TERMS, VIDEO_URL
from .language import DEFAULT_LANGUAGE, Language
from .messages import CREATOR_COLUMN_LABELS, FLOW_WORDS, PLATFORM_WORDS, VIEW_WORDS

VIEW_URI: Final = "ui://xingtu-showcase/view.html"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


def _digest(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


@cache
def view_html(language: Language = DEFAULT_LANGUAGE) -> str:
    """The view in `language`, with a CSP that admits exactly its own inline script and style."""
    template = files("xingtu_showcase_mcp").joinpath("view.html").read_text("utf-8")
    scripts = [_digest(body) for kind, body in _INLINE.findall(template) if kind == "script"]
    styles = [_digest(body) for kind, body in _INLINE.findall(template) if kind == "style"]
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(scripts)}; style-src {' '.join(styles)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # Data, not code: a JSON block is never executed, so it needs no hash, and the view reads the
    # server's own definitions instead of keeping copies.
    config = {
        "version": __version__,
        "videoUrl": VIDEO_URL,
        "engagementTerms": list(ENGAGEMENT_TERMS),
        "language": language,
        "words": {key: text.template(language) for key, text in VIEW_WORDS.items()},  # filled in by the view
        "platforms": {key: text(language) for key, text in PLATFORM_WORDS.items()},
        "flows": {key: text(language) for key, text in FLOW_WORDS.items()},
        "columns": {key: text(language) for key, text in CREATOR_COLUMN_LABELS.items()},
    }
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return template.replace("__CSP__", csp, 1).replace("__CONFIG__", data, 1)
