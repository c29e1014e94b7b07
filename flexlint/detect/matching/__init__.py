"""Matching: the Presidio-equivalent path from a text to raw spans, with every cache and shortcut.

`Matcher` runs the recognizers the way `AnalyzerEngine.analyze` runs them (same results, same order), but
only those whose prefilter the text passes, plain pattern recognizers only when a compiled pattern
matches, and context enhancement only where it can change a score. The equivalence tests
(tests/detect/test_prefilter.py, tests/detect/test_engine.py) are this package's contract: every
shortcut is compared with Presidio's own path, on the lowest and the highest Presidio of the range.
"""
