"""Where a server's answers persist, chosen once at start-up from the settings: nothing for the demo, Redis
when instances share one, else the local file (or nothing: `memory`, `off`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import Settings
from .store import NoStore, Store, open_store

if TYPE_CHECKING:  # at run time only a shared store imports the redis client
    from .shared import Shared


def open_persistence(settings: Settings, *, demo: bool) -> tuple[Store, Shared | None]:
    """The store answers outlive the process in, and the Redis coordination when instances share one."""
    if demo:
        return NoStore(), None  # demo data is never stored: it would sit beside real answers
    if settings.store == "redis" and settings.store_url:
        # Imported here: the redis client is a sixth of the start-up, and only a shared store needs it.
        from .shared import Shared

        shared = Shared(settings.store_url, settings.token)
        return shared, shared
    return open_store(settings.store, settings.store_path, settings.language), None
