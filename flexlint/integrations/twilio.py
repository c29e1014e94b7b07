"""Guard a `twilio.rest.Client`: TaskRouter task create and update calls are checked before they are sent.

The hook is the client's HttpClient, not TaskList.create / TaskContext.update: every generated path (create,
create_with_http_info, the *_async variants, a raw client.request) ends in `client.http_client.request`,
with the form fields still a dict. A POST to /v1/Workspaces/{ws}/Tasks or .../Tasks/{sid} that carries an
`Attributes` field is checked; every other request passes untouched.

    block   raise PHIViolation before anything is sent
    redact  send flexlint.redact(attributes) instead (see its docstring for what changes)

The check is synchronous: with an async http client it runs in the event loop (a few milliseconds).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Literal
from urllib.parse import urlparse

from twilio.http import HttpClient
from twilio.rest import Client

from flexlint.preflight import Preflight

__all__ = ["GuardedHttpClient", "Mode", "guard_client"]

Mode = Literal["block", "redact"]
# Host-independent, so regional and edge hosts (taskrouter.dublin.ie1.twilio.com) and proxies are covered.
_TASK_PATH = re.compile(r"^/v1/Workspaces/[^/]+/Tasks(?:/[^/]+)?/?$")


class GuardedHttpClient(HttpClient):
    """Delegates every request to `inner`, after screening the Attributes of task create and update calls."""

    def __init__(self, inner: HttpClient, preflight: Preflight, mode: Mode, *, keep_dropped: bool = False) -> None:
        if mode not in ("block", "redact"):
            raise ValueError(f"mode must be 'block' or 'redact', not {mode!r}")
        logger = getattr(inner, "logger", None) or logging.getLogger("twilio.http_client")
        super().__init__(logger, getattr(inner, "is_async", False), getattr(inner, "timeout", None))
        self.inner = inner
        self.preflight = preflight
        self.mode = mode
        self.keep_dropped = keep_dropped

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Any:  # a Response, or an awaitable of one from an async inner client
        data = self.screen(method, uri, data)
        return self.inner.request(
            method, uri, params=params, data=data, headers=headers, auth=auth, timeout=timeout,
            allow_redirects=allow_redirects,
        )

    def screen(self, method: str, uri: str, data: dict[str, object] | None) -> dict[str, object] | None:
        """The form fields to send: unchanged, or with redacted Attributes; raises PHIViolation in block mode."""
        if method.upper() != "POST" or not isinstance(data, dict) or "Attributes" not in data:
            return data
        if not _TASK_PATH.match(urlparse(uri).path):
            return data
        attributes = data["Attributes"]
        if not isinstance(attributes, str):  # the SDK always sends a string; a dict from a raw call, serialise it
            attributes = json.dumps(attributes)
        if self.mode == "block":
            self.preflight.guard(attributes)
            return data
        redacted = self.preflight.redact(attributes, keep_dropped=self.keep_dropped)
        if redacted == json.loads(attributes):  # nothing to redact: send the caller's text byte for byte
            return data
        return {**data, "Attributes": json.dumps(redacted, ensure_ascii=False, separators=(",", ":"))}

    def __getattr__(self, name: str) -> Any:
        # Anything else the wrapped client offers (session, last_response, close, ...), as before.
        if name == "inner":  # not set yet (copy, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)


def guard_client(
    client: Client, mode: Mode = "block", preflight: Preflight | None = None, *, keep_dropped: bool = False
) -> Client:
    """Guard `client` in place and return it. Guarding twice replaces the guard, never stacks it."""
    inner = client.http_client
    if isinstance(inner, GuardedHttpClient):
        inner = inner.inner
    client.http_client = GuardedHttpClient(inner, preflight or Preflight(), mode, keep_dropped=keep_dropped)
    return client
