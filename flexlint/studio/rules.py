"""The Studio rules: caller data flowing through a Send to Flex or Enqueue Call template (FLX501, FLX502), variables
that cannot resolve (FLX503), and the template's length (FLX004).

Declarations only; flexlint/studio/taint.py emits them. Malformed templates are FLX001 (flexlint/checks/structure.py).
"""

from __future__ import annotations

from flexlint.model import Severity
from flexlint.rule import Rule

TAINT_PRESERVED = Rule(
    code="FLX501",
    name="caller-data-in-preserved-attribute",
    severity=Severity.ERROR,
    summary="A Studio template puts a caller's data (speech, digits, caller number, a lookup) in a preserved attribute.",
    why=(
        "flexlint cannot see what a caller will say or key in, but it can see where the Send to Flex widget puts\n"
        "it. Variables such as trigger.call.From, widgets.<gather>.SpeechResult, widgets.<gather>.Digits and\n"
        "widgets.<function>.parsed.* carry the caller's phone number, free speech, a date of birth or MRN keyed on\n"
        "the phone, and CRM or EHR records (rules/studio-taint-sources.json lists them and the Safe Harbor\n"
        "identifiers each may carry). A flow variable set from one of them (set-variables) carries it too.\n"
        "Placed in an attribute the HIPAA Events Filter keeps, that data reaches the Flex Insights warehouse on\n"
        "every call, which Twilio requires to hold no PHI."
    ),
    example=(
        '"attributes": "{\\"conversations\\": {\\"content\\": \\"{{widgets.gather_reason.SpeechResult}}\\",\n'
        '                \\"conversation_attribute_2\\": \\"{{widgets.gather_dob.Digits}}\\"}}"'
    ),
    instead=(
        "Map the caller's input to a category in the flow (a split-based-on widget, or a function that returns\n"
        "\"billing\" / \"scheduling\"), and put only that category in the preserved attribute. Pass what the agent\n"
        "needs to see in a dropped attribute (it stays in TaskRouter, so it must still be protected there)."
    ),
)

TAINT_DROPPED = Rule(
    code="FLX502",
    name="caller-data-in-dropped-attribute",
    severity=Severity.INFO,
    summary="A Studio template puts a caller's data in an attribute the HIPAA Events Filter drops.",
    why=(
        "The Events Filter removes the attribute before Flex Insights, so the data never reach reports. It is\n"
        "still stored in the TaskRouter task and delivered in event callbacks and Event Streams, which is where\n"
        "an agent's screen reads it from: that is often intended (the default `name` is the caller's number),\n"
        "but every system that receives those events then holds the caller's data."
    ),
    example='"attributes": "{\\"type\\": \\"inbound\\", \\"name\\": \\"{{trigger.call.From}}\\"}"',
    instead=(
        "Keep it if the agent needs it and every consumer of TaskRouter events is covered by your BAA;\n"
        "otherwise pass an opaque reference that the agent's tools resolve."
    ),
)

TEMPLATE_TOO_LONG = Rule(
    code="FLX004",
    name="studio-attributes-too-long",
    severity=Severity.ERROR,
    summary="A Send to Flex attributes template is longer than the widget's limit of 1024 characters.",
    why=(
        "Twilio documents a maximum of 1024 characters for the Send to Flex widget's Attributes field (the\n"
        "template, before Liquid is rendered). A flow whose template is longer relies on a limit not being\n"
        "enforced; if it is (in the editor, the Flow API or when the widget runs), the caller's task is not\n"
        "created as designed. Long templates are also where caller data slips into attributes unnoticed."
    ),
    example='"attributes": "{\\"conversations\\": {...1,100 characters of keys and Liquid...}}"',
    instead=(
        "Build the attributes in a Function (run-function) and inject them with one bare tag:\n"
        '{"conversations": {{widgets.build_attributes.parsed.conversations | to_json}}}'
    ),
)

UNRESOLVED_VARIABLE = Rule(
    code="FLX503",
    name="studio-variable-does-not-resolve",
    severity=Severity.WARNING,
    summary="A Studio template reads a variable that cannot resolve (an unknown root, a widget not in the flow).",
    why=(
        "Liquid renders a variable it cannot find as nothing, without an error: `{{trigger.From}}` (the caller's\n"
        "number is trigger.call.From), a widget renamed or deleted since the template was written, or a path\n"
        "with a space in it all leave the attribute empty, so reports built on it are silently wrong. The taint\n"
        "analysis cannot say what such a variable would carry either, so it is reported on its own."
    ),
    example='"attributes": "{\\"conversations\\": {\\"conversation_label_1\\": \\"{{widgets.old_menu.Digits}}\\"}}"',
    instead="Use a variable of this flow: trigger.call.*, trigger.message.*, widgets.<a state of this flow>.*, flow.*.",
)

STUDIO_RULES = (TEMPLATE_TOO_LONG, TAINT_PRESERVED, TAINT_DROPPED, UNRESOLVED_VARIABLE)
