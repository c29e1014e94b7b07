"""Studio flow definitions: parse Send to Flex attribute templates and follow caller data through them.

`parse_template` (template.py) turns a Liquid/JSON template into attributes with placeholders; `analyse_flow`
(taint.py) finds every send-to-flex state and reports FLX501/FLX502/FLX004 (declared in rules.py) and FLX001.
"""

from flexlint.studio.template import ParsedTemplate, Placeholder, TemplateError, is_placeholder, parse_template

__all__ = ["ParsedTemplate", "Placeholder", "TemplateError", "is_placeholder", "parse_template"]
