"""Configuration from the environment, checked once at start-up.

The server is launched by an MCP client from a JSON config file, so the
environment is the only place settings can come from. A wrong value stops the
server with a message on stderr naming the variable, rather than surfacing
later as a puzzling tool error.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Final, Literal, get_args
from urllib.parse import urlsplit

from . import messages
from .language import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Language, Said

logger = logging.getLogger("xingtu_showcase_mcp.config")

GLOBAL_BASE_URL: Final = "https://api.justoneapi.com"
CHINA_BASE_URL: Final = "http://47.117.133.51:30015"

TOKEN_VAR: Final = "JUSTONEAPI_TOKEN"  # noqa: S105 - a variable name, not a secret
BASE_URL_VAR: Final = "JUSTONEAPI_BASE_URL"
TIMEOUT_VAR: Final = "JUSTONEAPI_TIMEOUT"
RETRIES_VAR: Final = "JUSTONEAPI_MAX_RETRIES"
CONCURRENCY_VAR: Final = "JUSTONEAPI_MAX_CONCURRENCY"
CACHE_TTL_VAR: Final = "JUSTONEAPI_CACHE_TTL"
MAX_RESPONSE_VAR: Final = "JUSTONEAPI_MAX_RESPONSE_MB"
HTTP_TOKEN_VAR: Final = "XINGTU_SHOWCASE_HTTP_TOKEN"  # noqa: S105 - a variable name, not a secret
ALLOWED_HOSTS_VAR: Final = "XINGTU_SHOWCASE_ALLOWED_HOSTS"
LOG_LEVEL_VAR: Final = "XINGTU_SHOWCASE_LOG_LEVEL"
LANGUAGE_VAR: Final = "XINGTU_SHOWCASE_LANGUAGE"
STORE_VAR: Final = "XINGTU_SHOWCASE_STORE"
DEMO_VAR: Final = "XINGTU_SHOWCASE_DEMO"
SURFACE_VAR: Final = "XINGTU_SHOWCASE_SURFACE"
Surface = Literal["client", "bundle"]
PLACEHOLDER: Final = re.compile(r"\$\{[^}]*\}")
"""A host's unsubstituted template (`${user_config.token}` when a bundle setting was left blank): no value."""

DEFAULT_TIMEOUT: Final = 55.0
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_CONCURRENCY: Final = 4
MAX_CONCURRENCY_LIMIT: Final = 64
DEFAULT_CACHE_TTL: Final = 600
MAX_CACHE_TTL: Final = 86_400
CACHE_ENTRIES: Final = 512
MAX_TIMEOUT: Final = 600.0
MAX_RETRIES_LIMIT: Final = 10
DEFAULT_MAX_RESPONSE_MB: Final = 20
"""A real showcase is about 40 KB and 5,000 works about 5 MB: 20 MB leaves room and bounds memory."""
MAX_RESPONSE_MB_LIMIT: Final = 500
HTTP_TOKEN_MIN_CHARS: Final = 32
"""A bearer token guards the user's quota on a network: short ones can be guessed."""

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
StoreKind = Literal["sqlite", "memory", "off", "redis"]
LOG_LEVELS: Final[tuple[LogLevel, ...]] = get_args(LogLevel)


Reader = Callable[[str, str], dict[str, Any]]
"""(raw value, "" when unset; the variable's name for the message) → the `Settings` fields it sets."""


@dataclass(frozen=True, slots=True)
class Variable:
    """One environment variable the server reads, declared once: its name, the default README shows, its
    meaning, and how its value becomes `Settings` fields. `load_settings`, README's table, the bundle's
    manifest and the tests all read this tuple."""

    name: str
    default: str
    meaning: str
    read: Reader


class ConfigError(ValueError):
    """A configuration value is unusable; the message names the variable and the fix, in either language."""

    def __init__(self, said: Said) -> None:
        self.said = said
        super().__init__(said("en"))


@dataclass(frozen=True, slots=True)
class Settings:
    """The validated configuration of one server process."""

    token: str | None = None
    base_url: str = GLOBAL_BASE_URL
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    cache_ttl: float = DEFAULT_CACHE_TTL
    max_response_mb: int = DEFAULT_MAX_RESPONSE_MB
    http_token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    log_level: LogLevel = "INFO"
    language: Language = DEFAULT_LANGUAGE
    store: StoreKind = "memory"
    """Settings built in code (tests, benchmarks) keep nothing beyond the process unless they say so; the
    environment's default, which users get, is `sqlite` (see `load_settings`)."""
    store_path: Path | None = None
    store_url: str | None = None
    """For `redis`: the server's URL, which may hold a password (it is a secret: see `secrets`)."""
    demo: bool = False
    surface: Surface = "client"

    @property
    def secrets(self) -> list[str]:
        """Every configured secret, for the log redaction that must never let one through."""
        return [s for s in (self.token, self.http_token, _password(self.store_url)) if s]

    def __repr__(self) -> str:
        # Derived from the fields, so that none is left out; the secrets must never reach a log line or a
        # traceback through a repr: they show as set or unset only.
        shown = [f"{f.name}={_shown(f.name, getattr(self, f.name))}" for f in fields(self)]
        return f"Settings({', '.join(shown)})"


SECRET_FIELDS: Final = frozenset({"token", "http_token", "store_url"})
"""Settings whose values are secrets (the store URL may carry a Redis password)."""


def _shown(name: str, value: object) -> str:
    if name in SECRET_FIELDS:
        return "set" if value else "unset"
    return repr(value)


def load_settings(env: Mapping[str, str]) -> Settings:
    """Read and validate every variable; raise ConfigError on the first bad one. A value that is a host's
    unsubstituted `${...}` placeholder counts as not set."""
    env = without_placeholders(env)
    values: dict[str, Any] = {}
    for variable in VARIABLES:
        values.update(variable.read(env.get(variable.name, ""), variable.name))
    return Settings(**values)


def without_placeholders(env: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not PLACEHOLDER.fullmatch(v.strip())}


def _surface(raw: str) -> Surface:
    """Unknown surfaces are the plain client: the setting only picks advice, it must never stop the server."""
    return "bundle" if raw.lower() == "bundle" else "client"


def _flag(raw: str, name: str) -> bool:
    if raw.lower() in ("", "0", "false", "no", "off"):
        return False
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(Said(messages.CONFIG_CHOICE, {"var": name, "raw": repr(raw), "choices": "true, false"}))


def _password(url: str | None) -> str | None:
    return urlsplit(url).password if url else None


def _store(raw: str, name: str) -> dict[str, Any]:
    if not raw or raw == "sqlite":
        return {"store": "sqlite", "store_path": None}
    if raw.startswith(("redis://", "rediss://")) and urlsplit(raw).hostname:
        return {"store": "redis", "store_url": raw}
    if raw in ("memory", "off"):
        return {"store": raw, "store_path": None}
    if raw.startswith("sqlite:///") and len(raw) > len("sqlite:///"):
        return {"store": "sqlite", "store_path": Path(raw.removeprefix("sqlite://"))}
    choices = "sqlite, sqlite:///path/to/file, memory, off, redis://host:port/db"
    # A refused Redis URL may still carry a password: the message (and the log README calls safe to share)
    # shows the value with its user part masked.
    shown = re.sub(r"//[^/]*@", "//***@", raw)
    raise ConfigError(Said(messages.CONFIG_CHOICE, {"var": name, "raw": repr(shown), "choices": choices}))


def language_of(env: Mapping[str, str]) -> Language:
    """The language setting for messages written before the settings are read (or when they fail)."""
    try:
        return _language(without_placeholders(env).get(LANGUAGE_VAR, "").strip(), LANGUAGE_VAR)
    except ConfigError:
        return DEFAULT_LANGUAGE


def _secret(raw: str, name: str) -> str | None:
    token = raw.strip()
    if not token:
        return None
    if any(ch.isspace() or not ch.isprintable() for ch in token):
        # Never echo the value: it is a secret, even when it is a broken one.
        raise ConfigError(Said(messages.CONFIG_SECRET, {"var": name}))
    return token


def _http_token(raw: str, name: str) -> str | None:
    token = _secret(raw, name)
    if token is not None and len(token) < HTTP_TOKEN_MIN_CHARS:
        # Its length is no secret worth keeping; the value is never echoed.
        raise ConfigError(
            Said(messages.CONFIG_SHORT_TOKEN, {"var": name, "n": len(token), "low": HTTP_TOKEN_MIN_CHARS})
        )
    return token


def _base_url(raw: str, name: str) -> str:
    if not raw:
        return GLOBAL_BASE_URL
    if raw.lower() == "cn":
        return CHINA_BASE_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(Said(messages.CONFIG_BASE_URL, {"var": name, "raw": repr(raw), "default": GLOBAL_BASE_URL}))
    return raw.rstrip("/")


def _timeout(raw: str, name: str) -> float:
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_TIMEOUT):
        raise ConfigError(Said(messages.CONFIG_SECONDS, {"var": name, "raw": repr(raw), "high": f"{MAX_TIMEOUT:g}"}))
    return value


def _whole(field: str, default: int, low: int, high: int) -> Reader:
    """A reader of a whole number from low to high into `field`, the default when unset."""

    def read(raw: str, name: str) -> dict[str, Any]:
        raw = raw.strip()
        if not raw:
            return {field: default}
        if not (raw.isascii() and raw.isdigit()) or not (low <= int(raw) <= high):
            raise ConfigError(Said(messages.CONFIG_WHOLE, {"var": name, "raw": repr(raw), "low": low, "high": high}))
        return {field: int(raw)}

    return read


def _log_level(raw: str, name: str) -> LogLevel:
    if not raw:
        return "INFO"
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            Said(messages.CONFIG_CHOICE, {"var": name, "raw": repr(raw), "choices": ", ".join(LOG_LEVELS)})
        )
    return level


def _language(raw: str, name: str) -> Language:
    """The language a setting names; one that names none is a warning and English, never a stopped server:
    a host shows a server that exits only as "Server disconnected"."""
    if not raw:
        return DEFAULT_LANGUAGE
    found = LANGUAGE_NAMES.get(raw.casefold())
    if found is None:
        shown = repr(raw[:40])
        logger.warning(messages.CONFIG_LANGUAGE_UNKNOWN("en", var=name, raw=shown, choices=", ".join(LANGUAGES)))
        return DEFAULT_LANGUAGE
    return found


VARIABLES: Final[tuple[Variable, ...]] = (
    Variable(
        TOKEN_VAR,
        "(none)",
        "Your Just One API token. Without it the server starts, and the tool says how to set it.",
        lambda raw, name: {"token": _secret(raw, name)},
    ),
    Variable(
        BASE_URL_VAR,
        GLOBAL_BASE_URL,
        f"API server. The word `cn` selects the mainland China server `{CHINA_BASE_URL}` (plain HTTP: "
        "the token crosses the network unencrypted).",
        lambda raw, name: {"base_url": _base_url(raw.strip(), name)},
    ),
    Variable(
        TIMEOUT_VAR,
        f"{DEFAULT_TIMEOUT:g}",
        "Seconds one tool call may take in all, retries included. Claude Desktop gives up on a call "
        f"at 60 s; keep it below that. At most {MAX_TIMEOUT:g}.",
        lambda raw, name: {"timeout": _timeout(raw.strip(), name)},
    ),
    Variable(
        RETRIES_VAR,
        str(DEFAULT_MAX_RETRIES),
        f"Extra attempts after a retryable failure (rate limit, collection failure, gateway error), "
        f"within the time budget. 0 to {MAX_RETRIES_LIMIT}.",
        _whole("max_retries", DEFAULT_MAX_RETRIES, 0, MAX_RETRIES_LIMIT),
    ),
    Variable(
        CONCURRENCY_VAR,
        str(DEFAULT_MAX_CONCURRENCY),
        "Requests to Just One API in flight at once, over all tool calls of this server process (more wait "
        f"their turn within their time budget). 1 to {MAX_CONCURRENCY_LIMIT}.",
        _whole("max_concurrency", DEFAULT_MAX_CONCURRENCY, 1, MAX_CONCURRENCY_LIMIT),
    ),
    Variable(
        CACHE_TTL_VAR,
        str(DEFAULT_CACHE_TTL),
        f"Seconds a successful answer is reused for the same creator and parameters (0 turns reuse off; the "
        f"store still keeps each answer, for what changed; at most {MAX_CACHE_TTL}). Errors are never cached; "
        f"identical calls in flight share one request. "
        f"Up to {CACHE_ENTRIES} answers are kept, per server process.",
        _whole("cache_ttl", DEFAULT_CACHE_TTL, 0, MAX_CACHE_TTL),
    ),
    Variable(
        MAX_RESPONSE_VAR,
        str(DEFAULT_MAX_RESPONSE_MB),
        "Megabytes of one answer read at most, after decompression; a larger answer is refused unread. "
        f"1 to {MAX_RESPONSE_MB_LIMIT}.",
        _whole("max_response_mb", DEFAULT_MAX_RESPONSE_MB, 1, MAX_RESPONSE_MB_LIMIT),
    ),
    Variable(
        HTTP_TOKEN_VAR,
        "(none)",
        "HTTP transport only: the bearer token every request must carry (`Authorization: Bearer ...`), at least "
        f"{HTTP_TOKEN_MIN_CHARS} characters. Required to listen on anything but loopback.",
        lambda raw, name: {"http_token": _http_token(raw, name)},
    ),
    Variable(
        ALLOWED_HOSTS_VAR,
        "(none)",
        "HTTP transport only: extra `Host` values to accept, comma-separated (e.g. `mcp.example.com,10.0.0.5:8000`), "
        "besides localhost. Host and Origin checks stay on.",
        lambda raw, _: {"allowed_hosts": tuple(h.strip() for h in raw.split(",") if h.strip())},
    ),
    Variable(
        SURFACE_VAR,
        "client",
        "Where a person meets this server, so that advice names the right place to fix a setting: `client` (a "
        "configuration file) or `bundle` (the MCP Bundle's settings dialog, which sets it).",
        lambda raw, _: {"surface": _surface(raw.strip())},
    ),
    Variable(
        DEMO_VAR,
        "false",
        "`true` serves the built-in synthetic demo data, as `--demo` does: no token, no network. For trying the "
        "server before buying a token (the bundle's installer offers it).",
        lambda raw, name: {"demo": _flag(raw.strip(), name)},
    ),
    Variable(
        STORE_VAR,
        "sqlite",
        "Where answers outlive the server process: `sqlite` (a file in your cache directory, shared by every "
        "server of yours, bounded to 10,000 answers and 30 days), `sqlite:///path/to/file`, `memory` (this "
        "process only), `off` (nothing kept, not even in memory) or `redis://host:port/0` (`rediss://` for TLS): "
        "answers, identical calls, the concurrency limit and rate-limit pauses shared by every instance using "
        "that Redis. Answers are reused within "
        "JUSTONEAPI_CACHE_TTL; the raw payload and the token are never stored. `--demo` never touches it.",
        lambda raw, name: _store(raw.strip(), name),
    ),
    Variable(
        LANGUAGE_VAR,
        DEFAULT_LANGUAGE,
        "Language of everything a person reads: `en` (English) or `zh` (Simplified Chinese, in Xingtu's own "
        "terms). Answers, errors, the errors resource, the prompt and the CLI's messages follow it; tool names, "
        "parameters and JSON keys do not.",
        lambda raw, name: {"language": _language(raw.strip(), name)},
    ),
    Variable(
        LOG_LEVEL_VAR,
        "INFO",
        "Log level on stderr: DEBUG, INFO, WARNING or ERROR. The token is never logged.",
        lambda raw, name: {"log_level": _log_level(raw.strip(), name)},
    ),
)
