"""PII/PHI detection engine: a list of strings in, spans out.

    from flexlint.detect.engine import DetectorEngine, Detection
    engine = DetectorEngine(ner=True)            # ner=False: patterns only, no model loaded
    engine.analyze(["DOB 03/22/1958"], contexts=[["conversation", "attribute"]])

Importing this package (or `flexlint.detect.engine`) does not import spaCy or Presidio; they are loaded when a
DetectorEngine is constructed. Entity names and their rule codes are in rules/entities.json (flexlint.entities).
"""

from __future__ import annotations

from flexlint.detect.environment import DetectionUnavailable

__all__ = ["Detection", "DetectionUnavailable", "DetectorEngine"]
_LAZY = ("Detection", "DetectorEngine")


def __getattr__(name: str) -> object:
    # Lazy re-export, so `import flexlint.detect` stays free of even the engine module's imports.
    if name in _LAZY:
        from flexlint.detect import engine

        return getattr(engine, name)
    raise AttributeError(name)
