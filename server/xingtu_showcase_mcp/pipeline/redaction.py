"""Taking secrets out of text, in every form an upstream or a library might echo them.

Just One API takes the token in the query string, so anything that echoes the
request (an error message, a proxy's page, a hashtag in a hostile answer) may
carry it: as sent, URL-encoded (with `+/=` escaped, in either case of hex),
JSON- or HTML-escaped, or base64-encoded, in any letter case, or cut short by a
few characters. Every answer, explanation and log line
passes through one `Redactor`, always before anything is shortened, so that no
cut can leave part of a secret behind.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from typing import Any, Final
from urllib.parse import quote, quote_plus

REDACTED: Final = "***"
CUT_CHARS: Final = 3
"""An echo cut short by up to this many characters at its end is still the secret (an upstream that
truncates what it echoes); a shorter piece could be an ordinary word."""
MIN_SECRET_CHARS: Final = 4
"""Shorter "secrets" would blank out ordinary words; config refuses such tokens anyway."""


def forms(secret: str) -> set[str]:
    """The secret and every encoding of it worth looking for."""
    raw = secret.encode()
    encoded = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        html.escape(secret),
        json.dumps(secret)[1:-1],
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    lower_hex = {re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), form) for form in encoded}
    cut = {secret[:-n] for n in range(1, CUT_CHARS + 1) if len(secret) - n >= MIN_SECRET_CHARS * 2}
    return {form for form in encoded | lower_hex | cut if form}


class Redactor:
    """Replaces every form of every secret with "***"; a no-op without secrets."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        found = sorted(
            {form for s in secrets if s and len(s) >= MIN_SECRET_CHARS for form in forms(s)}, key=len, reverse=True
        )
        # Any case: an upstream may echo the token lower- or upper-cased (case-folded base64 too: redacting a
        # little more is the safe side).
        self._pattern = re.compile("|".join(map(re.escape, found)), re.IGNORECASE) if found else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    def deep(self, value: Any) -> Any:
        """The same for every string inside JSON-like data (keys included)."""
        if self._pattern is None:
            return value
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.deep(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
        if isinstance(value, list | tuple):
            return [self.deep(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
        return value
