"""A hostile upstream, next to the emulator: answers that cost memory, and echoes of the token.

Each function returns an emulator `Reply`. The memory ones are streamed or compressed by the
emulator, so the test process stays small while the server under test is offered hundreds of
megabytes.
"""

from __future__ import annotations

import json
import zlib
from urllib.parse import quote

from emulator import Reply, example_response

MB = 1024 * 1024


def huge(megabytes: int) -> Reply:
    """A body of that many megabytes, announced honestly in Content-Length."""
    return Reply(200, fault="huge", size=megabytes * MB)


def endless() -> Reply:
    """A chunked body that never ends."""
    return Reply(200, fault="endless")


def gzip_bomb(decoded_megabytes: int) -> Reply:
    """A small gzip body that inflates to `decoded_megabytes` of zeros."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: gzip framing; level 1: 4.6 MB for 1 GiB, built fast
    block = b"0" * MB
    body = b"".join(packer.compress(block) for _ in range(decoded_megabytes)) + packer.flush()
    return Reply(200, body, headers={"content-encoding": "gzip"})


def token_echo(token: str, where: str) -> Reply:
    """The token echoed back: URL-encoded in an error message, or inside a successful answer's hashtag."""
    if where == "error-url-encoded":
        message = "invalid request " + "x" * 150 + " token=" + quote(token, safe="")
        return Reply.envelope(100, message=message)
    doc = example_response()
    doc["data"]["latest_item_info"][0]["title"] = f"#{token} #{quote(token, safe='')} leaked"
    return Reply(200, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
