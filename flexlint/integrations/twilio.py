"""Guard a `twilio.rest.Client`: calls that create or update a task are checked before they are sent.

The hook is the client's HttpClient, not TaskList.create / TaskContext.update: every generated path (create,
create_with_http_info, the *_async variants, a raw client.request) ends in `client.http_client.request`,
with the form fields still a dict. Checked, wherever a task's attributes are sent:
- TaskRouter: a POST to /v1/Workspaces/{ws}/Tasks or .../Tasks/{sid}, field `Attributes`;
- Flex Interactions: a POST to /v1/Interactions or to an Interaction channel's /Invites, whose `Routing`
  holds `properties.attributes` (added "as is" to the task the call creates);
- Flex's older Channel API: a POST to /v1/Channels, field `TaskAttributes`.
Every other request passes untouched.

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
_INTERACTION_PATH = re.compile(r"^/v1/Interactions(?:/[^/]+/Channels/[^/]+/Invites)?/?$")
_FLEX_CHANNEL_PATH = re.compile(r"^/v1/Channels/?$")


class GuardedHttpClient(HttpClient):
    """Delegates every request to `inner`, after screening the attributes of task create and update calls."""

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
        """The form fields to send: unchanged, or with redacted attributes; raises PHIViolation in block mode."""
        if method.upper() != "POST" or not isinstance(data, dict):
            return data
        path = urlparse(uri).path
        if "Attributes" in data and _TASK_PATH.match(path):
            attributes = self._screened(data["Attributes"])
            return data if attributes is None else {**data, "Attributes": attributes}
        if "Routing" in data and _INTERACTION_PATH.match(path):
            routing = self._screened_routing(data["Routing"])
            return data if routing is None else {**data, "Routing": routing}
        if "TaskAttributes" in data and _FLEX_CHANNEL_PATH.match(path):
            attributes = self._screened(data["TaskAttributes"])
            return data if attributes is None else {**data, "TaskAttributes": attributes}
        return data

    def _screened(self, attributes: object) -> str | None:
        """The redacted attributes text to send instead, or None to send them as they are (or raise)."""
        text = attributes if isinstance(attributes, str) else json.dumps(attributes)  # a raw call's dict
        if self.mode == "block":
            self.preflight.guard(text)
            return None
        redacted = self.preflight.redact(text, keep_dropped=self.keep_dropped)
        if redacted == json.loads(text):  # nothing to redact: send the caller's text byte for byte
            return None
        return json.dumps(redacted, ensure_ascii=False, separators=(",", ":"))

    def _screened_routing(self, routing: object) -> str | None:
        """An Interaction's Routing with its properties.attributes screened (the SDK sends it as JSON text)."""
        try:
            parsed = json.loads(routing) if isinstance(routing, str) else routing
        except (ValueError, RecursionError):
            return None  # not JSON (or absurdly deep): Twilio refuses the request, and nothing reaches a task
        properties = parsed.get("properties") if isinstance(parsed, dict) else None
        if not isinstance(properties, dict) or "attributes" not in properties:
            return None
        attributes = properties["attributes"]
        screened = self._screened(attributes)
        if screened is None:
            return None
        new_attributes = screened if isinstance(attributes, str) else json.loads(screened)
        new_routing = {**parsed, "properties": {**properties, "attributes": new_attributes}}
        return json.dumps(new_routing, ensure_ascii=False, separators=(",", ":"))

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
