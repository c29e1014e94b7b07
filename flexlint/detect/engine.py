"""DetectorEngine: a list of strings in, PII/PHI spans out.

Importing this module is cheap: Presidio and spaCy are imported inside `DetectorEngine.__init__`.

Speed (Flex payloads repeat the same strings a lot):
- identical (text, context) pairs are analysed once per call, and a bounded LRU memo keeps results across
  calls;
- texts that could hold a name go through `nlp.pipe` once (batch_size 128) with every component but the
  NER disabled; texts with no letters or a single lower-case token skip the model (tokenizer only, so
  context words still work);
- recognizers are called directly, in registry order, the way `AnalyzerEngine.analyze` calls them (same
  results), but only those whose prefilter the text passes (`recognizers.Prefilter`: enough digits, a
  keyword such as "@"; declared as `requires` in the YAML) and, for texts without digits, only the
  recognizers of entities that can match digit-free text;
- a plain pattern recognizer runs only when one of its compiled patterns matches (the pre-search), and then
  from that pattern on (patterns.pattern_results: Presidio's loop without its per-pattern timing);
- recognizer results depend on the text only, so a text seen with several context-word lists is matched
  once, and a bounded memo keeps them across calls; context enhancement (the only context-dependent step)
  runs only when a result's recognizer has context words, and computes Presidio's scores without its
  copies (context.ContextScores), reading tokens only when a context word occurs in the text.
Every shortcut is compared with the plain Presidio path on the sample texts (tests/detect/test_prefilter.py).
Detected values are never logged or put into exceptions.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flexlint.datafiles import data_dir, load_json
from flexlint.detect.context import ContextScores
from flexlint.detect.postprocess import Raw, clean
from flexlint.detect.validators import is_twilio_sid

if TYPE_CHECKING:
    from flexlint.detect.patterns import Step

BATCH_SIZE = 128
CHUNK_SIZE = 2048  # unique texts whose spaCy docs are held in memory at once
MEMO_SIZE = 50_000
MEMO_MAX_TEXT = 4096  # longer texts are analysed but not memoised
RECOGNIZED_SIZE = 2048  # texts whose recognizer results (and spaCy docs) are kept across calls
# Texts longer than this skip the NER (patterns still run): spaCy's memory grows with text length and a
# Flex attribute value this long is a blob, not a sentence.
MAX_NER_CHARS = 100_000

_WORDS = re.compile(r"[^\W\d_]+")
_ID_KEY = "recognizer_identifier"  # RecognizerResult.RECOGNIZER_IDENTIFIER_KEY (checked in __init__)
_NAME_KEY = "recognizer_name"  # RecognizerResult.RECOGNIZER_NAME_KEY

# Entities whose recognizers can match text without any digit; for digit-free texts only these run.
# fmt: off
TEXT_ONLY_PRESIDIO_ENTITIES: frozenset[str] = frozenset(
    {
        "PERSON", "LOCATION", "EMAIL_ADDRESS", "URL", "LICENSE_PLATE", "IP_ADDRESS", "MAC_ADDRESS",
        "MEDICAL_CONDITION", "SYMPTOM", "MEDICATION", "PROCEDURE", "POSTAL_CODE",
    }
)
# fmt: on


@dataclass(frozen=True, slots=True)
class Detection:
    entity: str  # flexlint entity name, e.g. PERSON, PHONE_NUMBER, EMAIL_ADDRESS, US_SSN, ...
    start: int  # code-point offsets into the text, end exclusive
    end: int
    score: float
    recognizer: str


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


class _OnDemand:
    """NlpArtifacts built on first use. Most texts the NER skips have no result that context enhancement
    could change, and no recognizer of theirs reads tokens: tokenizing them was a tenth of the no-ner
    engine's time. Any attribute access builds the real artifacts and answers from them."""

    __slots__ = ("_build", "_built")

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None

    def get(self) -> Any:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.get(), name)


def _resolved(artifacts: Any) -> Any:
    """The real NlpArtifacts (Presidio's enhancer reads them in loops: no proxy there)."""
    return artifacts.get() if isinstance(artifacts, _OnDemand) else artifacts


class DetectorEngine:
    """Presidio + spaCy (or patterns only) with flexlint's recognizers and false-positive filters."""

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
        # Heavy imports happen here, not at module import time.
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

        from flexlint.detect import recognizers as rec
        from flexlint.detect.health import default_lexicon, make_health_recognizer

        self.ner = ner
        self.score_threshold = score_threshold
        self._batch_size = batch_size
        self._memo_size = memo_size
        self._memo: OrderedDict[tuple[str, tuple[str, ...]], tuple[Detection, ...]] = OrderedDict()
        # Recognizer results depend on the text alone (context comes after): a text met again under another key
        # is not matched again, nor run through the model. Kept with its NlpArtifacts, for context enhancement.
        self._recognized: OrderedDict[str, tuple[list[Any], tuple[Any, ...], Any, Any]] = OrderedDict()
        self._recognized_size = min(memo_size, RECOGNIZED_SIZE)

        config = load_json("rules", "detectors.json")
        entities_cfg: dict[str, dict[str, Any]] = config["entities"]
        self._aliases: dict[str, str] = {
            k: v for k, v in config.get("presidio_entity_aliases", {}).items() if not k.startswith("$")
        }
        self._min_scores: dict[str, float] = {
            name: max(float(spec.get("min_score", 0.0)), score_threshold)
            for name, spec in entities_cfg.items()
        }

        self._nlp_engine = nlp_setup.build_model_nlp_engine() if ner else nlp_setup.build_blank_nlp_engine()
        self._nlp = self._nlp_engine.nlp[nlp_setup.LANGUAGE]

        recognizers: list[Any] = list(rec.load_recognizer_files(default_recognizer_files()))
        users = rec.load_recognizer_files(Path(p) for p in extra_recognizer_files)
        recognizers.extend(users)
        # A user's patterns are matched with Presidio's regex timeout on every text (patterns.UNTIMED_CHARS)
        self._always_timed = frozenset(r.id for r in users)
        # the process-wide lexicon, shared with health.health_spans (the refining stage's veto)
        recognizers.append(make_health_recognizer(default_lexicon()))
        recognizers.extend(rec.presidio_recognizers(ner=ner))
        prefilters = {r.id: p for r in recognizers if (p := rec.prefilter_of(r)) is not None}
        from presidio_analyzer import EntityRecognizer, RecognizerResult

        from flexlint.detect.patterns import plain_pattern_ids

        if (RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, RecognizerResult.RECOGNIZER_NAME_KEY) != (
            _ID_KEY,
            _NAME_KEY,
        ):
            raise RuntimeError("unexpected Presidio RecognizerResult metadata keys")
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[nlp_setup.LANGUAGE])

        self._analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self._nlp_engine,
            supported_languages=[nlp_setup.LANGUAGE],
            default_score_threshold=0.0,  # flexlint applies per-entity thresholds itself (postprocess)
            # whole-word matching: Presidio's default substring mode lets "id" match "did" and "said";
            # two words after the match catch "555-0147 (cell)".
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_suffix_count=2, context_matching_mode="whole_word"
            ),
        )
        # ordinary-word filters, name evidence and pair propagation (postprocess / names): the word list comes
        # from the model package, loaded or not (--no-ner), and they are no-ops when it is not installed
        from flexlint.detect.names import WordLexicon

        english = nlp_setup.english_words(self._nlp if ner else None)
        names_file = rules_dir() / "recognizers" / "person_names.txt"
        self._lexicon = WordLexicon(
            english=english,
            names=WordLexicon.load_names(names_file) if english else frozenset(),
            # loaded here, with the rest of the engine, rather than by the first text that needs it
            given=WordLexicon.load_names(rules_dir() / "recognizers" / "first_names.txt") if english else frozenset(),
            places=frozenset(
                n.lower() for r in recognizers for n in getattr(r, "gazetteer_names", ())
            ),
        )
        self._label_words = frozenset(
            word
            for r in recognizers
            for phrase in (r.context or ())
            for word in _WORDS.findall(phrase.lower())
            if word not in self._lexicon.names and word not in self._lexicon.given
        )
        all_entities = set(rec.entity_names(recognizers))
        self._all_entities = sorted(all_entities)
        self._text_entities = sorted(all_entities & TEXT_ONLY_PRESIDIO_ENTITIES)
        # What `AnalyzerEngine.analyze(entities=...)` would run, in a fixed (registry) order, with prefilters.
        self._recognizers_all = self._plan(registry.recognizers, self._all_entities)
        self._recognizers_text = self._plan(registry.recognizers, self._text_entities)
        self._prefilters = prefilters
        # a pattern's own prefilter (YAML `requires` on the pattern), by id of the Presidio Pattern object
        self._pattern_prefilters = {
            id(pattern): own
            for r in recognizers
            for pattern in getattr(r, "patterns", None) or ()
            if (own := getattr(r, "pattern_prefilters", {}).get(pattern.name)) is not None
        }
        from flexlint.detect.phone import FlexPhoneRecognizer

        self._phone = next((r for r in recognizers if isinstance(r, FlexPhoneRecognizer)), None)
        self._phone_min_score = self._min_scores.get("PHONE_NUMBER", 0.0)
        self._steps: dict[int, tuple[Step, ...]] = {}  # id of a plan -> its steps (_compile)
        # Recognizers whose every result is a match of one of their patterns: _recognize asks their compiled
        # patterns first (patterns.py).
        self._plain_patterns: set[str] = plain_pattern_ids(recognizers)
        # Recognizers whose results context enhancement can change (they have context words).
        self._with_context = frozenset(r.id for r in recognizers if r.context)
        # Recognizers that enhance their own results (none of flexlint's): Presidio's enhancement runs for them.
        self._own_hooks = frozenset(
            r.id for r in recognizers if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context
        )
        self._context_scores = ContextScores(self._analyzer.context_aware_enhancer, recognizers)
        self._lean_enhancement = True  # context enhancement only for results it can change (see _enhance)
        self._lean_duplicates = True  # a single result skips Presidio's duplicate removal (_analyze_chunk)
        # Presidio's e-mail validator builds tldextract's suffix trie (from the bundled snapshot, offline) on
        # its first call: ~0.1 s that belongs to loading, not to whichever payload first holds an "@".
        import tldextract

        tldextract.extract("example.com")
        self._versions = nlp_setup.library_versions(self._nlp if ner else None)

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

    @staticmethod
    def _plan(registered: Sequence[Any], entities: Sequence[str]) -> tuple[Any, ...]:
        wanted = set(entities)
        return tuple(
            r for r in registered if r.supported_language == "en" and wanted & set(r.supported_entities)
        )

    def _analyze_chunk(self, keys: list[tuple[str, tuple[str, ...]]]) -> list[tuple[Detection, ...]]:
        from presidio_analyzer import EntityRecognizer

        remove_duplicates = EntityRecognizer.remove_duplicates
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
                found = (*self._recognize(text, artifacts[text]), artifacts[text])
                if len(text) <= MEMO_MAX_TEXT:  # (a long text's doc is not worth its memory)
                    recognized[text] = found
                    if len(recognized) > self._recognized_size:
                        recognized.popitem(last=False)
            results, ran, deferred, text_artifacts = found
            if deferred is not None and deferred.lifted_by(context):
                results = results + self._run(deferred, text, _resolved(text_artifacts))
            with_context = self._with_context
            if any((r.recognition_metadata or {}).get(_ID_KEY) in with_context for r in results):
                results = self._enhance(text, results, text_artifacts, ran, context)
            # AnalyzerEngine.analyze: drop scores below the threshold (0.0), then duplicates (which also drops
            # zero scores: all it does to a single result)
            if len(results) > 1 or (results and not self._lean_duplicates):
                results = remove_duplicates([r for r in results if r.score >= 0.0])
            elif results and not results[0].score > 0.0:
                results = []
            # clean() also adds detections of its own (town + postal code lines), so it runs on every text
            cleaned = clean(text, self._to_raw(results), self._min_scores, context, self._lexicon)
            out.append(
                tuple(Detection(r.entity, r.start, r.end, round(r.score, 4), r.recognizer) for r in cleaned)
            )
        return out

    def _recognize(self, text: str, nlp_artifacts: Any) -> tuple[list[Any], tuple[Any, ...], Any]:
        """Raw results of the recognizers that can match `text` (context-free), those recognizers, and the
        phone recognizer when it was skipped because only the JSON key's words could make its results count
        (the caller runs it for such a key)."""
        from flexlint.detect.patterns import UNTIMED_CHARS, pattern_results, search_hits
        from flexlint.detect.recognizers import TextFeatures

        features = TextFeatures(text)
        has_digit = features.digits > 0
        planned = self._recognizers_all if has_digit else self._recognizers_text
        entities = self._all_entities if has_digit else self._text_entities
        steps = self._steps.get(id(planned))
        if steps is None:
            steps = self._steps[id(planned)] = self._compile(planned)
        ran = []
        results: list[Any] = []
        deferred = None
        long_text = len(text) > UNTIMED_CHARS
        for recognizer, prefilter, searches, is_phone, from_first_match, always_timed in steps:
            if prefilter is not None and not prefilter(features):
                continue
            ran.append(recognizer)
            if searches is not None:
                timed = long_text or always_timed
                for search, own, first in searches:  # noqa: B007 (`first` is read after the break)
                    if (own is None or own(features)) and (
                        search_hits(search, text) if timed else search(text) is not None
                    ):
                        break
                else:
                    continue  # no pattern matches: PatternRecognizer.analyze would return [] after its overhead
                if from_first_match:  # (the patterns before `first` match nothing)
                    results.extend(pattern_results(recognizer, text, first, timed))
                    continue
            if is_phone and recognizer.cannot_reach(text, nlp_artifacts, self._phone_min_score):
                deferred = recognizer
                continue
            results.extend(self._run(recognizer, text, nlp_artifacts, entities))
        return results, tuple(ran), deferred

    def _run(self, recognizer: Any, text: str, nlp_artifacts: Any, entities: list[str] | None = None) -> list[Any]:
        current = recognizer.analyze(text=text, entities=entities or self._all_entities, nlp_artifacts=nlp_artifacts)
        for r in current or ():  # AnalyzerEngine.__add_recognizer_id_if_not_exists
            if not r.recognition_metadata:
                r.recognition_metadata = {}
            r.recognition_metadata.setdefault(_ID_KEY, recognizer.id)
            r.recognition_metadata.setdefault(_NAME_KEY, recognizer.name)
        return list(current or ())

    def _compile(self, planned: tuple[Any, ...]) -> tuple[Step, ...]:
        """The steps of a plan (patterns.plan_steps), built on its first use."""
        from flexlint.detect.patterns import plan_steps

        return plan_steps(
            planned, self._prefilters, self._pattern_prefilters, self._plain_patterns, self._phone, self._always_timed
        )

    def _enhance(
        self, text: str, results: list[Any], artifacts: Any, ran: tuple[Any, ...], context: tuple[str, ...]
    ) -> list[Any]:
        """Presidio's context enhancement, as AnalyzerEngine.analyze runs it, for the scores it changes.

        AnalyzerEngine._enhance_using_context first lets each recognizer enhance its own results (the base
        EntityRecognizer's hook, which returns them unchanged, is the only one any of ours has), then hands
        every result to the LemmaContextAwareEnhancer, which deep-copies them all to change a few scores:
        ContextScores (context.py) computes those scores without the copies, and without tokens when the
        JSON key's words already decide. Same results, same order (the engine test compares both ways).
        """
        if not self._lean_enhancement or any(r.id in self._own_hooks for r in ran):
            return self._analyzer._enhance_using_context(  # type: ignore[no-any-return]
                text, results, _resolved(artifacts), list(ran), list(context) or None
            )
        return self._context_scores.enhance(text, results, artifacts, context)

    def _labels_only(self, text: str) -> bool:
        """Every word of `text` is an identifier label ("SSN 307-...", "MRN: 4821...", "DOB 03/14/1962"):
        the NER could only call a label a person or a place, so the model is not run on it. Labels are the
        recognizers' context words that are no one's name."""
        words = _WORDS.findall(text.lower())
        return bool(words) and all(w in self._label_words for w in words)

    def _to_raw(self, results: list[Any]) -> list[Raw]:
        out: list[Raw] = []
        for r in results:
            entity = self._aliases.get(r.entity_type, r.entity_type)
            if entity not in self._min_scores:
                continue
            name = (r.recognition_metadata or {}).get("recognizer_name", "unknown")
            out.append(Raw(entity, r.start, r.end, float(r.score), str(name)))
        return out

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
            out[text] = _OnDemand(functools.partial(self._tokenizer_artifacts, text))
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
