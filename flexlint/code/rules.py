"""The code rules: what code writes into task attributes (FLX601-FLX604).

Declarations only; flexlint/checks/code.py emits them from what the analysis (flexlint/code/) found.
"""

from __future__ import annotations

from flexlint.model import Severity
from flexlint.rule import Rule

_HOW = (
    "flexlint reads the code that writes task attributes (a Flex plugin's task.setAttributes, a Twilio\n"
    "Function's tasks.create, a Python service's attributes=json.dumps(...), rules/code-sinks.json lists\n"
    "them all) and follows the written values back: object literals and spreads, objects built step by step,\n"
    "constants, Object.assign and lodash merge, functions of the same file and one import away, and keys\n"
    "taken from JSON configuration in the repository. Caller and customer data are the values that come from\n"
    "rules/code-taint-sources.json: a Function's event, an HTTP request, a form, a CRM lookup, a message."
)

CODE_INPUT_PRESERVED = Rule(
    code="FLX601",
    name="code-writes-caller-data-to-preserved-attribute",
    severity=Severity.ERROR,
    summary="Code writes a caller's or customer's data into an attribute the HIPAA Events Filter keeps.",
    why=_HOW + "\nWritten into a preserved attribute, that data reaches the Flex Insights warehouse on every task,\n"
    "which Twilio requires to hold no PHI.",
    example=(
        "exports.handler = async (context, event, callback) => {\n"
        "  const attributes = {conversations: {conversation_attribute_2: event.From}};\n"
        "  await client.taskrouter.v1.workspaces(ws).tasks.create({attributes: JSON.stringify(attributes)});\n"
        "};"
    ),
    instead=(
        "Write a category derived from the data (\"returning caller\"), or nothing; keep what the agent needs\n"
        "in a dropped attribute (it stays in TaskRouter, so it must still be protected there)."
    ),
)
CODE_INPUT_DROPPED = Rule(
    code="FLX602",
    name="code-writes-caller-data-to-dropped-attribute",
    severity=Severity.INFO,
    summary="Code writes a caller's or customer's data into an attribute the HIPAA Events Filter drops.",
    why=_HOW + "\nThe Events Filter keeps it out of Insights, but TaskRouter, event callbacks and Event Streams still\n"
    "store and deliver it: often intended (the agent's screen reads it), but every consumer then holds it.",
    example="task.setAttributes({...task.attributes, callerName: event.target.value});",
    instead="Keep it if every consumer of TaskRouter events is covered by your BAA; otherwise pass an opaque reference.",
)
CODE_UNRESOLVED = Rule(
    code="FLX603",
    name="code-writes-unresolved-value-to-preserved-attribute",
    severity=Severity.WARNING,
    summary="Code writes a value the analysis cannot resolve into an attribute the HIPAA Events Filter keeps.",
    why=_HOW + "\nWhen a value written into a preserved attribute (or an object spread into the attributes) cannot be\n"
    "followed to a literal or a known source, flexlint cannot vouch for it: review it, since a miss puts PHI in\n"
    "Insights.",
    example="const attributes = await buildAttributes(task);\ntask.setAttributes({conversations: attributes});",
    instead=(
        "Build preserved attributes from literals and from values whose origin is visible in the same file or\n"
        "one import away; or ignore the finding for that pointer once reviewed (per-pointer-ignores)."
    ),
)
CODE_INPUT_KEY = Rule(
    code="FLX604",
    name="code-writes-attribute-key-from-input",
    severity=Severity.ERROR,
    summary="Code chooses an attribute's key at run time from caller or request data.",
    why=_HOW + "\nA key taken from the request (`{[req.body.field]: value}`, or a whole request body spread into the\n"
    "attributes) lets whoever sends the request write any attribute, preserved ones included, with any value.",
    example="task.setAttributes({...task.attributes, [req.body.key]: req.body.value});",
    instead="Map the input to a fixed set of keys in code (a lookup table of allowed keys), and reject the rest.",
)

CODE_RULES = (CODE_INPUT_PRESERVED, CODE_INPUT_DROPPED, CODE_UNRESOLVED, CODE_INPUT_KEY)
