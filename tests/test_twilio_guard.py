"""The Twilio guard with the real `twilio` package: an HttpClient that records requests and sends nothing."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from tests.conftest import optional_module

optional_module("twilio", "twilio")  # the guard wraps the real SDK; skipped (not failed) where it is absent

from twilio.http import HttpClient  # noqa: E402
from twilio.http.response import Response  # noqa: E402
from twilio.rest import Client  # noqa: E402

from flexlint.integrations.twilio import GuardedHttpClient, guard_client  # noqa: E402
from flexlint.preflight import PHIViolation, Preflight  # noqa: E402

pytestmark = pytest.mark.model

WS, WT, WW = "WS" + "a" * 32, "WT" + "b" * 32, "WW" + "c" * 32
PHI = {"type": "inbound", "conversations": {"content": "Maria Okafor, callback 503-555-0147"}}
PLANTED = ["Maria", "Okafor", "503-555-0147"]
CLEAN = {"direction": "inbound", "conversations": {"content": "billing question", "hold_time": 35}}


def task_json(attributes: str) -> str:
    return json.dumps({
        "sid": WT, "account_sid": "AC" + "d" * 32, "workspace_sid": WS, "workflow_sid": WW,
        "attributes": attributes, "assignment_status": "pending", "age": 0, "priority": 0, "timeout": 86400,
        "date_created": "2026-03-02T16:04:05Z", "date_updated": "2026-03-02T16:04:05Z",
        "url": f"https://taskrouter.twilio.com/v1/Workspaces/{WS}/Tasks/{WT}", "links": {},
    })  # fmt: skip


class Recorder(HttpClient):
    """Records each request and answers with a plausible Task; never opens a connection."""

    def __init__(self, is_async: bool = False) -> None:
        super().__init__(logging.getLogger("test.recorder"), is_async)
        self.requests: list[dict[str, Any]] = []

    def request(self, method: str, uri: str, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False) -> Response:  # fmt: skip
        self.requests.append({"method": method, "uri": uri, "data": dict(data or {})})
        attributes = (data or {}).get("Attributes", "{}")
        return Response(201 if method == "POST" and uri.endswith("/Tasks") else 200, task_json(attributes))


class AsyncRecorder(Recorder):
    def __init__(self) -> None:
        super().__init__(is_async=True)

    async def request(self, *args: Any, **kwargs: Any) -> Response:  # type: ignore[override]
        return Recorder.request(self, *args, **kwargs)


@pytest.fixture(scope="module")
def preflight() -> Preflight:
    return Preflight()


def client_with(recorder: HttpClient) -> Client:
    return Client("AC" + "d" * 32, "not-a-real-token", http_client=recorder)


def test_block_mode_sends_nothing_on_create_or_update(preflight: Preflight) -> None:
    recorder = Recorder()
    tasks = guard_client(client_with(recorder), "block", preflight).taskrouter.v1.workspaces(WS).tasks
    with pytest.raises(PHIViolation) as caught:
        tasks.create(attributes=json.dumps(PHI), workflow_sid=WW)
    with pytest.raises(PHIViolation):
        tasks(WT).update(attributes=json.dumps(PHI))
    assert recorder.requests == []
    assert {"FLX301", "FLX305"} <= set(caught.value.codes)
    assert not [p for p in PLANTED if p in str(caught.value)]


def test_redact_mode_sends_the_redacted_attributes(preflight: Preflight) -> None:
    recorder = Recorder()
    tasks = guard_client(client_with(recorder), "redact", preflight).taskrouter.v1.workspaces(WS).tasks
    task = tasks.create(attributes=json.dumps(PHI), workflow_sid=WW)
    tasks(WT).update(attributes=json.dumps(PHI), assignment_status="canceled")
    assert [r["method"] for r in recorder.requests] == ["POST", "POST"]
    assert recorder.requests[0]["uri"] == f"https://taskrouter.twilio.com/v1/Workspaces/{WS}/Tasks"
    assert recorder.requests[1]["uri"].endswith(f"/Tasks/{WT}")
    for sent in recorder.requests:
        attributes = sent["data"]["Attributes"]
        assert not [p for p in PLANTED if p in attributes]
        assert json.loads(attributes) == {"conversations": {"content": "<PERSON>, callback <PHONE>"}}
    assert recorder.requests[0]["data"]["WorkflowSid"] == WW  # the other fields pass untouched
    assert recorder.requests[1]["data"]["AssignmentStatus"] == "canceled"
    assert task.sid == WT


def test_redact_mode_can_keep_routing_keys(preflight: Preflight) -> None:
    recorder = Recorder()
    client = guard_client(client_with(recorder), "redact", preflight, keep_dropped=True)
    client.taskrouter.v1.workspaces(WS).tasks.create(attributes=json.dumps(PHI), workflow_sid=WW)
    assert json.loads(recorder.requests[0]["data"]["Attributes"])["type"] == "inbound"


@pytest.mark.parametrize("mode", ["block", "redact"])
def test_clean_attributes_pass_unchanged(preflight: Preflight, mode: str) -> None:
    recorder = Recorder()
    tasks = guard_client(client_with(recorder), mode, preflight).taskrouter.v1.workspaces(WS).tasks  # type: ignore[arg-type]
    text = json.dumps(CLEAN)
    tasks.create(attributes=text, workflow_sid=WW)
    tasks(WT).update(attributes=text)
    assert [r["data"]["Attributes"] for r in recorder.requests] == [text, text]


def test_other_requests_are_not_screened(preflight: Preflight) -> None:
    recorder = Recorder()
    client = guard_client(client_with(recorder), "block", preflight)
    worker_attributes = json.dumps({"name": "Maria Okafor"})  # a worker's own attributes, not a task's
    client.taskrouter.v1.workspaces(WS).workers.create(friendly_name="agent", attributes=worker_attributes)
    client.taskrouter.v1.workspaces(WS).tasks(WT).update(assignment_status="completed", reason="done")
    assert [r["data"].get("Attributes") for r in recorder.requests] == [worker_attributes, None]


def test_guarding_twice_does_not_stack(preflight: Preflight) -> None:
    recorder = Recorder()
    client = guard_client(guard_client(client_with(recorder), "block", preflight), "redact", preflight)
    assert isinstance(client.http_client, GuardedHttpClient) and client.http_client.inner is recorder
    assert client.http_client.mode == "redact"


def test_async_create_is_guarded(preflight: Preflight) -> None:
    recorder = AsyncRecorder()
    tasks = guard_client(client_with(recorder), "block", preflight).taskrouter.v1.workspaces(WS).tasks
    with pytest.raises(PHIViolation):
        asyncio.run(tasks.create_async(attributes=json.dumps(PHI), workflow_sid=WW))
    assert recorder.requests == []
    task = asyncio.run(tasks.create_async(attributes=json.dumps(CLEAN), workflow_sid=WW))
    assert task.sid == WT and len(recorder.requests) == 1


def test_unknown_mode_is_refused(preflight: Preflight) -> None:
    with pytest.raises(ValueError):
        guard_client(client_with(Recorder()), "warn", preflight)  # type: ignore[arg-type]


def interaction_routing(attributes: object) -> dict[str, object]:
    return {"properties": {"workspace_sid": WS, "workflow_sid": WW, "task_channel_unique_name": "sms",
                           "attributes": attributes}}  # fmt: skip


def test_interactions_api_is_guarded(preflight: Preflight) -> None:
    """Flex Interactions create tasks too: Routing's properties.attributes are screened like Attributes."""
    channel = {"type": "sms", "initiated_by": "agent", "properties": {"media_channel_sid": "CH" + "e" * 32}}
    recorder = Recorder()
    interactions = guard_client(client_with(recorder), "block", preflight).flex_api.v1.interaction
    with pytest.raises(PHIViolation) as caught:
        interactions.create(channel=channel, routing=interaction_routing(PHI))
    assert recorder.requests == [] and {"FLX301", "FLX305"} <= set(caught.value.codes)
    interactions.create(channel=channel, routing=interaction_routing(CLEAN))
    assert json.loads(recorder.requests[0]["data"]["Routing"])["properties"]["attributes"] == CLEAN

    recorder = Recorder()
    interactions = guard_client(client_with(recorder), "redact", preflight).flex_api.v1.interaction
    interactions.create(channel=channel, routing=interaction_routing(PHI))
    interactions.create(channel=channel, routing=interaction_routing(json.dumps(PHI)))  # attributes as text
    (object_form, text_form) = (json.loads(r["data"]["Routing"]) for r in recorder.requests)
    assert object_form["properties"]["attributes"] == {"conversations": {"content": "<PERSON>, callback <PHONE>"}}
    assert json.loads(text_form["properties"]["attributes"]) == object_form["properties"]["attributes"]
    assert object_form["properties"]["workflow_sid"] == WW  # the rest of Routing passes untouched
    assert recorder.requests[0]["uri"] == "https://flex-api.twilio.com/v1/Interactions"
    assert not [p for r in recorder.requests for p in PLANTED if p in json.dumps(r["data"])]


def test_interaction_invites_and_flex_channels_are_guarded(preflight: Preflight) -> None:
    """Every other call that hands a task its attributes: an Interaction channel's invite, Flex's Channel API."""
    recorder = Recorder()
    flex = guard_client(client_with(recorder), "block", preflight).flex_api.v1
    invites = flex.interaction("KD" + "f" * 32).channels("UO" + "f" * 32).invites
    with pytest.raises(PHIViolation):
        invites.create(routing={"properties": {"queue_sid": "WQ" + "f" * 32, "attributes": PHI}})
    with pytest.raises(PHIViolation):
        flex.channel.create(flex_flow_sid="FO" + "f" * 32, identity="x", chat_user_friendly_name="x",
                            chat_friendly_name="x", task_attributes=json.dumps(PHI))  # fmt: skip
    assert recorder.requests == []
    invites.create(routing={"properties": {"queue_sid": "WQ" + "f" * 32, "attributes": CLEAN}})
    assert recorder.requests[0]["uri"].endswith("/Invites")
