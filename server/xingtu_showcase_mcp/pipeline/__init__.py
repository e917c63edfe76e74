"""The pipeline every endpoint goes through: one request (time budget, retries, pacing), the envelope read,
the digest (in a child process when the body is large), the cache, the store and Redis sharing. It knows no
endpoint: each call names an `endpoint.Endpoint`, declared in that endpoint's own folder."""
