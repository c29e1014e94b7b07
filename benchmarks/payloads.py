"""Seeded generator of realistic Flex task-attribute payloads for the benchmarks.

Real traffic repeats itself: a few queues, outcomes and teams, the Flex voice defaults on every task, and
now and then a custom key or a wrongly typed measure. Values are synthetic (555 numbers, example.com).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

QUEUES = ["Appointment Scheduling", "Pharmacy Refills", "Billing", "Nurse Line", "Referrals", "Lab Results"]
OUTCOMES = ["Resolved", "Appointment Rescheduled", "Refill scheduled", "Escalated", "Callback requested", "Voicemail"]
TEAMS = ["Scheduling West", "Scheduling East", "Pharmacy", "Billing Tier 1", "Triage"]
CHANNELS = ["Voice", "Chat", "SMS"]


def payload(rng: random.Random) -> dict:
    caller = f"+1{rng.randint(200, 999)}555{rng.randint(0, 9999):04d}"
    attributes: dict = {
        "type": "inbound",
        "name": caller,
        "from": caller,
        "to": "+18005550100",
        "call_sid": "CA" + "".join(rng.choices("0123456789abcdef", k=32)),
        "direction": rng.choice(["inbound", "outbound"]),
        "from_country": "US",
        "to_country": "US",
        "conversations": {
            "communication_channel": rng.choice(CHANNELS),
            "queue": rng.choice(QUEUES),
            "handling_team_name": rng.choice(TEAMS),
            "outcome": rng.choice(OUTCOMES),
            "in_business_hours": rng.choice(["Yes", "No"]),
            "abandoned": rng.choice(["No", "No", "No", "Yes"]),
            "hold_time": rng.randint(0, 300),
            "talk_time": rng.randint(20, 1200),
            "conversation_attribute_1": rng.choice(["Reschedule", "New patient", "Refill", "Billing"]),
            "conversation_measure_1": rng.randint(0, 5),
        },
        "customers": {"category": rng.choice(["Returning", "New"]), "state": rng.choice(["WA", "OR", "CA"])},
    }
    roll = rng.random()
    if roll < 0.10:
        attributes["crm_ticket"] = f"T-{rng.randint(1000, 9999)}"
    elif roll < 0.15:
        attributes["conversations"]["hold_time"] = str(attributes["conversations"]["hold_time"])
    elif roll < 0.18:
        attributes["conversations"]["externalContact"] = "+18005550100"
    return attributes


def payloads(count: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    for _ in range(count):
        yield payload(rng)


def write_jsonl(path: str, count: int, seed: int = 7) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for item in payloads(count, seed):
            out.write(json.dumps(item) + "\n")
