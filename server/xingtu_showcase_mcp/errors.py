"""The error catalogue: every way a call can fail, in plain language, as data.

One table drives everything a user sees about failures: the tool's error text,
the `xingtu-showcase://errors` resource, README's error table, and the retry
policy (an entry's `retried` is what the upstream client obeys). Codes come
from Just One API's reference; where it documents no meaning, the entry says
so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .config import BASE_URL_VAR, RETRIES_VAR, TIMEOUT_VAR, TOKEN_VAR


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """One failure: what it is called, what it means for the user, and what to do."""

    key: str
    """The business code as text ("303"), or a name for failures without one ("timeout")."""
    name: str
    meaning: str
    advice: str
    retried: bool
    """Whether the client tries again by itself, within JUSTONEAPI_TIMEOUT and JUSTONEAPI_MAX_RETRIES."""
    rate_limit: bool = False
    """A "slow down" answer: it pauses every call of this server, not only the one that got it."""

    @property
    def code(self) -> int | None:
        return int(self.key) if self.key.isdigit() else None


UNKNOWN_CODE_KEY: Final = "unknown_code"

CATALOGUE: Final[tuple[ErrorEntry, ...]] = (
    # Business codes documented by Just One API.
    ErrorEntry(
        "100",
        "Invalid or inactive token",
        "Just One API did not accept the token: it is mistyped, expired or deactivated.",
        f"Copy the token again from the Just One API dashboard into {TOKEN_VAR} in your MCP client's "
        "configuration, then restart the client.",
        False,
    ),
    ErrorEntry(
        "301",
        "Collection failed",
        "Just One API could not collect this creator's data from Xingtu this time.",
        "Ask again in a minute. If it keeps failing for this creator, check that the author id is right.",
        True,
    ),
    ErrorEntry(
        "302",
        "Rate limit exceeded",
        "Too many requests in a short time for your Just One API plan.",
        "Wait a few seconds and ask again, with fewer calls at once.",
        True,
        rate_limit=True,
    ),
    ErrorEntry(
        "303",
        "Daily quota exceeded",
        "Your account has used its daily request quota.",
        "Wait for the quota to reset or raise it in the Just One API dashboard; asking again now fails the same way.",
        False,
    ),
    ErrorEntry(
        "400",
        "Invalid parameters",
        "Just One API rejected the request's parameters.",
        "Check that oAuthorId is the creator's Xingtu author id (the digits at the end of their xingtu.cn page) "
        "and that platform and flowType are allowed values.",
        False,
    ),
    ErrorEntry(
        "500",
        "Just One API internal error",
        "Just One API failed while handling the request.",
        "Ask again in a few minutes; if it persists, contact Just One API support with the time of the call.",
        False,
    ),
    ErrorEntry(
        "600",
        "Permission denied",
        "Your Just One API account is not allowed to use this endpoint.",
        "Check your plan's permissions for the Douyin Xingtu endpoints in the Just One API dashboard.",
        False,
    ),
    ErrorEntry(
        "601",
        "Insufficient balance",
        "Your Just One API account balance is too low for this call.",
        "Top up the balance in the Just One API dashboard, then ask again.",
        False,
    ),
    # In the schema's enum; meanings from other Just One API sources.
    ErrorEntry(
        "202",
        "Endpoint not available to this account",
        "Just One API says this product or endpoint is not supported for your account.",
        "Enable the Douyin Xingtu endpoints for your account in the Just One API dashboard, or ask their support.",
        False,
    ),
    ErrorEntry(
        "300",
        "Endpoint no longer valid",
        "Just One API says this API is no longer valid.",
        "Update xingtu-showcase-mcp; if the newest version gets this too, the endpoint has been retired.",
        False,
    ),
    ErrorEntry(
        "602",
        "Token spending limit reached",
        "This token has reached the spending limit set on it.",
        "Raise or reset the token's spending limit in the Just One API dashboard, or use another token.",
        False,
    ),
    # In the schema's enum with no documented meaning: say so.
    ErrorEntry(
        "101",
        "Undocumented code 101",
        "Just One API answered with code 101, which it does not document.",
        "Check the token and the account in the Just One API dashboard; if it persists, ask Just One API support "
        "what code 101 means for your account.",
        False,
    ),
    ErrorEntry(
        "404",
        "Undocumented code 404",
        "Just One API answered with code 404, which it does not document for this endpoint.",
        "Check the author id; if it is right, ask again later or ask Just One API support.",
        False,
    ),
    ErrorEntry(
        "503",
        "Undocumented code 503",
        "Just One API answered with code 503, which it does not document for this endpoint.",
        "Ask again in a few minutes; if it persists, ask Just One API support.",
        False,
    ),
    ErrorEntry(
        UNKNOWN_CODE_KEY,
        "Unknown error code",
        "Just One API answered with a code this server does not know.",
        "Ask again later; if it persists, report the code to Just One API support and to this project.",
        False,
    ),
    # Failures with no business code: configuration, network, broken answers.
    ErrorEntry(
        "no_token",
        "No API token configured",
        f"{TOKEN_VAR} is not set, so the server cannot call Just One API.",
        f'Add "{TOKEN_VAR}": "<your token>" to the "env" block of this server in your MCP client\'s '
        "configuration and restart the client. Without a token, `xingtu-showcase-mcp --demo` serves "
        "synthetic demo data.",
        False,
    ),
    ErrorEntry(
        "timeout",
        "Just One API too slow",
        f"No complete answer arrived within the time budget ({TIMEOUT_VAR}), retries included.",
        f"Ask again in a minute; Xingtu collection is sometimes slow. If it keeps happening and your client "
        f"waits longer than 60 s, raise {TIMEOUT_VAR}.",
        False,
    ),
    ErrorEntry(
        "unreachable",
        "Cannot reach Just One API",
        "The connection to the API server failed (network down, DNS, TLS or a refused connection).",
        f"Check the internet connection and {BASE_URL_VAR}; from mainland China, {BASE_URL_VAR}=cn may work better.",
        True,
    ),
    ErrorEntry(
        "http_429",
        "Too many requests (HTTP 429)",
        "The API's gateway refused the request as too frequent, without a Just One API answer.",
        "Wait a few seconds and ask again, with fewer calls at once.",
        True,
        rate_limit=True,
    ),
    ErrorEntry(
        "gateway_error",
        "Gateway error (HTTP 502, 503 or 504)",
        "A gateway in front of Just One API failed, without a Just One API answer.",
        "Ask again in a minute; this is usually brief.",
        True,
    ),
    ErrorEntry(
        "http_error",
        "HTTP error without an API answer",
        "The server answered with an HTTP error status and no Just One API envelope.",
        f"Check {BASE_URL_VAR} (it must point at Just One API); if it does, ask again later.",
        False,
    ),
    ErrorEntry(
        "html_body",
        "Web page instead of data",
        "The server sent an HTML page instead of JSON: a proxy, captive portal or wrong base URL.",
        f"Check the network (proxy, hotel or office login page) and {BASE_URL_VAR}.",
        False,
    ),
    ErrorEntry(
        "empty_body",
        "Empty answer",
        "The server answered with an empty body.",
        "Ask again in a minute; if it persists, check the network and the base URL.",
        False,
    ),
    ErrorEntry(
        "bad_json",
        "Broken or truncated JSON",
        "The answer was not valid JSON; it was probably cut off in transit.",
        "Ask again; if it persists, check for a proxy that rewrites or truncates responses.",
        False,
    ),
    ErrorEntry(
        "bad_envelope",
        "Unrecognised answer",
        "The answer was JSON, but not Just One API's envelope (no usable integer `code`).",
        f"Check that {BASE_URL_VAR} points at Just One API; if it does, report this to the project.",
        False,
    ),
    ErrorEntry(
        "data_missing",
        "Success without data",
        "Just One API reported success but sent no showcase data.",
        "Ask again later; the creator may have no Xingtu showcase for this platform.",
        False,
    ),
    ErrorEntry(
        "xingtu_failure",
        "Xingtu refused the request",
        "Just One API answered, but Xingtu's own status (data.base_resp) reports a failure.",
        "Check the author id and the platform; the creator may have no Xingtu page for it. "
        "Ask again later if the message sounds temporary.",
        False,
    ),
)

_BY_KEY: Final[dict[str, ErrorEntry]] = {entry.key: entry for entry in CATALOGUE}


def entry(key: str) -> ErrorEntry:
    """The entry for a failure key; a programming error if it does not exist."""
    return _BY_KEY[key]


def entry_for_code(code: int) -> ErrorEntry:
    """The entry for a non-zero business code, falling back to the unknown-code entry."""
    return _BY_KEY.get(str(code), _BY_KEY[UNKNOWN_CODE_KEY])


class ShowcaseError(Exception):
    """A call that ended without a usable showcase, explained by a catalogue entry.

    `detail` carries facts about this occurrence (HTTP status, the code, the
    upstream message), already free of the token; `attempts` and `elapsed`
    tell the user how hard the server tried before giving up.
    """

    def __init__(self, entry: ErrorEntry, *, detail: str = "", attempts: int = 0, elapsed: float = 0.0) -> None:
        self.entry = entry
        self.detail = detail
        self.attempts = attempts
        self.elapsed = elapsed
        super().__init__(self.explain())

    def explain(self) -> str:
        """The plain-language text the tool returns: what happened, what it means, what to do."""
        return f"{self.explain_failure()}\nWhat to do: {self.entry.advice}"

    def explain_failure(self) -> str:
        """What happened and what it means, without the advice (a comparison row lists that apart)."""
        label = f"{self.entry.name} (code {self.entry.code})" if self.entry.code is not None else self.entry.name
        lines = [f"{label}: {self.entry.meaning}"]
        if self.detail:
            lines.append(f"Details: {self.detail}")
        if self.attempts:
            tries = "1 attempt" if self.attempts == 1 else f"{self.attempts} attempts"
            lines.append(f"Tried: {tries} in {self.elapsed:.1f} s.")
        return "\n".join(lines)


def render_markdown() -> str:
    """The catalogue as a markdown table, for the MCP resource and README."""
    rows = [
        "| code | name | what it means | what to do | retried |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in CATALOGUE:
        cells = [e.key, e.name, e.meaning, e.advice, "yes" if e.retried else "no"]
        rows.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    intro = (
        "# get_showcase_items errors\n\n"
        "Every failure the tool can report. Numeric codes are Just One API's business codes; "
        "named ones have no code (configuration, network, malformed answers). Retried failures are "
        f"tried again automatically with back-off, at most {RETRIES_VAR} more times and within {TIMEOUT_VAR}.\n\n"
    )
    return intro + "\n".join(rows) + "\n"


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")
