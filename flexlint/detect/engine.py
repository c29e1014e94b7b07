"""DetectorEngine: a list of strings in, PII/PHI spans out. Matching, then refining.

Importing this module is cheap: Presidio and spaCy are imported inside `DetectorEngine.__init__`.

The engine owns what is about many texts at once (Flex payloads repeat the same strings a lot):
- identical (text, context) pairs are analysed once per call, and a bounded LRU memo keeps results across
  calls; recognizer results depend on the text only, so a text seen under several keys is matched once,
  and a bounded memo keeps them (with their spaCy artifacts) across calls;
- texts that could hold a name go through `nlp.pipe` once (batch_size 128) with every component but the
  NER disabled; texts with no letters or a single lower-case token skip the model (tokenizer only, on
  demand, so context words still work).
Per text, `matching.Matcher` finds the raw spans the way Presidio would, and `refining.refine` turns them
into detections. Every shortcut is compared with the plain Presidio path (tests/detect/test_prefilter.py).
Detected values are never logged or put into exceptions.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flexlint.datafiles import data_dir
from flexlint.detect.matching.matcher import Matcher, OnDemand
from flexlint.detect.matching.validators import is_twilio_sid
from flexlint.detect.refining import refine
from flexlint.detect.refining.lexicon import WordLexicon

BATCH_SIZE = 128
CHUNK_SIZE = 2048  # unique texts whose spaCy docs are held in memory at once
MEMO_SIZE = 50_000
MEMO_MAX_TEXT = 4096  # longer texts are analysed but not memoised
RECOGNIZED_SIZE = 2048  # texts whose recognizer results (and spaCy docs) are kept across calls
# Texts longer than this skip the NER (patterns still run): spaCy's memory grows with text length and a
# Flex attribute value this long is a blob, not a sentence.
MAX_NER_CHARS = 100_000

_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Detection:
    entity: str  # flexlint entity name, e.g. PERSON, PHONE_NUMBER, EMAIL_ADDRESS, US_SSN, ...
    start: int  # code-point offsets into the text, end exclusive
    end: int
    score: float
    recognizer: str  # the recognizer or refiner that produced the span: a name, never a value


def rules_dir() -> Path:
    """`rules/` of a source checkout, or the copy packaged in the wheel."""
    return data_dir("rules")


def default_recognizer_files() -> tuple[Path, ...]:
    return tuple(sorted((rules_dir() / "recognizers").glob("*.yaml")))


def _nothing_to_find(text: str) -> bool:
    """Empty, blank, or a bare Twilio SID (Flex payloads are full of them): no detection possible."""
    return not text or text.isspace() or is_twilio_sid(text)


def _context_key(words: Sequence[str] | None) -> tuple[str, ...]:
    """Caller context words normalised like token lemmas (lower-case, plural -s removed)."""
    return _normalised_context(tuple(words)) if words else ()


@functools.lru_cache(maxsize=4096)
def _normalised_context(words: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: callers pass the words of a key path, and payloads repeat the same few key paths.
    from flexlint.detect.nlp import cheap_lemma  # no heavy imports in nlp.py at module level

    return tuple(dict.fromkeys(cheap_lemma(w.lower()) for w in words if w))


def _worth_ner(text: str) -> bool:
    """Run the NER model only on texts that could hold a name or place.

    Skipped: texts without letters, and single lower-case tokens ("inbound", "voice", "en-us"), which are
    the bulk of Flex attribute values and on which the sm model finds nothing useful.
    """
    if len(text) > MAX_NER_CHARS or not any(ch.isalpha() for ch in text):
        return False
    stripped = text.strip()
    return any(ch.isupper() for ch in stripped) or any(ch.isspace() for ch in stripped)


class DetectorEngine:
    """Presidio + spaCy (or patterns only) with flexlint's recognizers and refiners."""

    def __init__(
        self,
        ner: bool = True,
        extra_recognizer_files: Sequence[str | Path] = (),
        score_threshold: float = 0.35,
        *,
        memo_size: int = MEMO_SIZE,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        from flexlint.detect import environment
        from flexlint.detect import nlp as nlp_setup

        environment.require(ner)  # a missing or broken piece is one clear DetectionUnavailable, not a traceback
        self.ner = ner
        self.score_threshold = score_threshold
        self._batch_size = batch_size
        self._memo_size = memo_size
        self._memo: OrderedDict[tuple[str, tuple[str, ...]], tuple[Detection, ...]] = OrderedDict()
        # Recognizer results depend on the text alone (context comes after): a text met again under another key
        # is not matched again, nor run through the model. Kept with its NlpArtifacts, for context enhancement.
        self._recognized: OrderedDict[str, tuple[list[Any], tuple[Any, ...], Any, Any]] = OrderedDict()
        self._recognized_size = min(memo_size, RECOGNIZED_SIZE)

        from flexlint.entities import entities, presidio_aliases

        self._min_scores: dict[str, float] = {
            name: max(spec.min_score, score_threshold) for name, spec in entities().items()
        }
        aliases = presidio_aliases()
        self._nlp_engine = nlp_setup.build_model_nlp_engine() if ner else nlp_setup.build_blank_nlp_engine()
        self._nlp = self._nlp_engine.nlp[nlp_setup.LANGUAGE]
        recognizers, users = self._load_recognizers(ner, extra_recognizer_files)
        self.matcher = Matcher(recognizers, users, self._build_analyzer(recognizers), aliases, self._min_scores)
        self._lexicon = self._build_lexicon(recognizers)
        self._label_words = frozenset(
            word
            for r in recognizers
            for phrase in (r.context or ())
            for word in _WORDS.findall(phrase.lower())
            if word not in self._lexicon.names and word not in self._lexicon.given
        )
        # Presidio's e-mail validator builds tldextract's suffix trie (from the bundled snapshot, offline) on
        # its first call: ~0.1 s that belongs to loading, not to whichever payload first holds an "@".
        import tldextract

        tldextract.extract("example.com")
        self._versions = nlp_setup.library_versions(self._nlp if ner else None)

    @staticmethod
    def _load_recognizers(ner: bool, extra_files: Sequence[str | Path]) -> tuple[list[Any], list[Any]]:
        """flexlint's recognizers (rules/recognizers/*.yaml), the user's, the health lexicon, Presidio's."""
        from flexlint.detect.health import HealthLexicon, make_health_recognizer
        from flexlint.detect.matching import recognizers as rec

        recognizers: list[Any] = list(rec.load_recognizer_files(default_recognizer_files()))
        users = rec.load_recognizer_files(Path(p) for p in extra_files)
        recognizers.extend(users)
        recognizers.append(
            make_health_recognizer(HealthLexicon.from_tsv(rules_dir() / "health" / "terms.tsv"))
        )
        recognizers.extend(rec.presidio_recognizers(ner=ner))
        return recognizers, users

    def _build_analyzer(self, recognizers: list[Any]) -> Any:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

        from flexlint.detect.nlp import LANGUAGE

        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=self._nlp_engine,
            supported_languages=[LANGUAGE],
            default_score_threshold=0.0,  # flexlint applies per-entity thresholds itself (refining)
            # whole-word matching: Presidio's default substring mode lets "id" match "did" and "said";
            # two words after the match catch "555-0147 (cell)".
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_suffix_count=2, context_matching_mode="whole_word"
            ),
        )

    def _build_lexicon(self, recognizers: list[Any]) -> WordLexicon:
        """The words the refiners read: the word list comes from the model package, loaded or not
        (--no-ner); without it the ordinary-word filters and name evidence are off."""
        from flexlint.detect import nlp as nlp_setup

        english = nlp_setup.english_words(self._nlp if self.ner else None)
        names_dir = rules_dir() / "recognizers"
        return WordLexicon(
            english=english,
            names=WordLexicon.load_names(names_dir / "person_names.txt") if english else frozenset(),
            # loaded here, with the rest of the engine, rather than by the first text that needs it
            given=WordLexicon.load_names(names_dir / "first_names.txt") if english else frozenset(),
            places=frozenset(n.lower() for r in recognizers for n in getattr(r, "gazetteer_names", ())),
        )

    # -- public API -----------------------------------------------------------------------------------

    def analyze(
        self, texts: Sequence[str], contexts: Sequence[Sequence[str] | None] | None = None
    ) -> list[list[Detection]]:
        """Detections for each text (sorted by start). `contexts[i]` are extra context words for text i."""
        if contexts is not None and len(contexts) != len(texts):
            raise ValueError("contexts must have one entry per text")
        keys = [
            (text, _context_key(contexts[i]) if contexts is not None else ()) for i, text in enumerate(texts)
        ]
        results: dict[tuple[str, tuple[str, ...]], tuple[Detection, ...]] = {}
        pending: dict[tuple[str, tuple[str, ...]], None] = {}
        for key in keys:
            if key in results or key in pending:
                continue
            hit = self._memo.get(key)
            if hit is not None:
                self._memo.move_to_end(key)
                results[key] = hit
            else:
                pending[key] = None
        if pending:
            for key, found in zip(pending, self._analyze_unique(list(pending)), strict=True):
                results[key] = found
                if len(key[0]) <= MEMO_MAX_TEXT and self._memo_size > 0:
                    self._memo[key] = found
                    if len(self._memo) > self._memo_size:
                        self._memo.popitem(last=False)
        return [list(results[key]) for key in keys]

    def versions(self) -> dict[str, str]:
        """Versions that change detection results (Presidio, spaCy, model name and version)."""
        return dict(self._versions)

    # -- internals ------------------------------------------------------------------------------------

    def _analyze_unique(self, keys: list[tuple[str, tuple[str, ...]]]) -> list[tuple[Detection, ...]]:
        # Chunks bound memory: spaCy docs (and their artifacts) for one chunk at a time.
        out: list[tuple[Detection, ...]] = []
        for i in range(0, len(keys), CHUNK_SIZE):
            out.extend(self._analyze_chunk(keys[i : i + CHUNK_SIZE]))
        return out

    def _analyze_chunk(self, keys: list[tuple[str, tuple[str, ...]]]) -> list[tuple[Detection, ...]]:
        recognized = self._recognized
        # (held here: storing this chunk's new texts below may evict them from the bounded memo)
        known = {t: found for t in dict.fromkeys(text for text, _ in keys) if (found := recognized.get(t)) is not None}
        texts = [t for t in dict.fromkeys(text for text, _ in keys) if t not in known and not _nothing_to_find(t)]
        artifacts = self._artifacts(texts)
        out: list[tuple[Detection, ...]] = []
        for text, context in keys:
            if _nothing_to_find(text):
                out.append(())
                continue
            found = known.get(text) or recognized.get(text)
            if found is None:
                found = (*self.matcher.recognize(text, artifacts[text]), artifacts[text])
                if len(text) <= MEMO_MAX_TEXT:  # (a long text's doc is not worth its memory)
                    recognized[text] = found
                    if len(recognized) > self._recognized_size:
                        recognized.popitem(last=False)
            raw = self.matcher.finish(text, found, context)
            # refine() also adds detections of its own (town + postal code lines), so it runs on every text
            cleaned = refine(text, raw, self._min_scores, context, self._lexicon)
            out.append(
                tuple(Detection(r.entity, r.start, r.end, round(r.score, 4), r.recognizer) for r in cleaned)
            )
        return out

    def _labels_only(self, text: str) -> bool:
        """Every word of `text` is an identifier label ("SSN 307-...", "MRN: 4821...", "DOB 03/14/1962"):
        the NER could only call a label a person or a place, so the model is not run on it. Labels are the
        recognizers' context words that are no one's name."""
        words = _WORDS.findall(text.lower())
        return bool(words) and all(w in self._label_words for w in words)

    def _artifacts(self, texts: list[str]) -> dict[str, Any]:
        """NlpArtifacts per unique text: the full pipeline for texts with letters, tokenizer-only otherwise."""
        out: dict[str, Any] = {}
        # Without the model (--no-ner) the blank pipeline would only tokenize and lemmatize, which is what
        # _tokenizer_artifacts does on demand (a test compares the two).
        with_letters = [t for t in texts if _worth_ner(t) and not self._labels_only(t)] if self.ner else []
        if with_letters:
            for text, artifact in self._nlp_engine.process_batch(
                with_letters, language="en", batch_size=self._batch_size
            ):
                out[text] = artifact
        for text in texts:
            if text in out:
                continue
            out[text] = OnDemand(functools.partial(self._tokenizer_artifacts, text))
        return out

    def _tokenizer_artifacts(self, text: str) -> Any:
        """Tokens and cheap lemmas, no model: what context enhancement reads for a text the NER skips."""
        from presidio_analyzer.nlp_engine import NlpArtifacts

        from flexlint.detect.nlp import cheap_lemma

        doc = self._nlp.tokenizer(text)  # (make_doc would refuse texts over nlp.max_length)
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[cheap_lemma(t.lower_) for t in doc],
            nlp_engine=self._nlp_engine,
            language="en",
            scores=[],
        )
