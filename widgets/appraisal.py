"""Every factual claim of the four web pages the course appraises: verdict, evidence, source, and where.

Why: the chapters judge the claims that matter most to their topic; a reader who wants to check any
other sentence of those pages needs the rest judged too, with the same rules. One data file
(``widgets/data/appraisal.yaml``) holds them all; this module loads it, refuses a malformed entry with a
message that names the page, the claim and the field, and makes one Markdown table per page (through
:class:`widgets.text.Markdown`, so citations work in the book and in notebooks). Claims the chapters
already judge as ``claims.*`` facts point to that fact, and their verdicts must agree.

The pages are material to appraise, never text to copy: :func:`copied_runs` finds any run of
:data:`COPY_RUN` consecutive words that a paraphrase shares with its page (case and punctuation ignored),
working from the page itself or from its :func:`fingerprints` (hashes of every such run), so the course
can check its paraphrases without redistributing the pages.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import data
from .text import Markdown, render

APPRAISAL_FILE = data.DATA_DIR / "appraisal.yaml"
VERDICTS = ("correct", "wrong", "misleading", "unsupported")
COPY_RUN = 8                        # words in a row that count as copying
PAGE_FIELDS = ("key", "seed", "kind", "name", "claims")
CLAIM_FIELDS = ("id", "claim", "verdict", "evidence", "source", "status", "where")
# How the ``claims.*`` facts spell a verdict (their value), mapped to the four verdicts of this file.
FACT_VERDICT_WORDS = {"wrong": "wrong", "misleading": "misleading", "unsupported": "unsupported",
                      "correct": "correct", "overstated": "misleading", "inconsistent": "wrong"}


class AppraisalError(ValueError):
    """A malformed appraisal entry; the message names the file, the page, the claim and the field."""


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str           # our paraphrase (may hold [[fact.id|bare]] placeholders)
    verdict: str
    evidence: str
    source: str          # references.bib key
    status: str          # V, V2 or U
    where: tuple         # section numbers ("1.5", ...) of the course; empty when not discussed yet
    fact: str | None = None


@dataclass(frozen=True)
class Page:
    key: str             # references.bib key of the page
    seed: str            # file name of the stored copy
    kind: str
    name: str            # how the course names it ("the pharmacist Q&A page")
    claims: tuple


@dataclass(frozen=True)
class Appraisal:
    sections: dict       # "1.5" -> section title
    pages: tuple

    def page(self, key: str) -> Page:
        for p in self.pages:
            if p.key == key:
                return p
        raise KeyError(f"no appraised page {key!r}; pages: {[p.key for p in self.pages]}")

    def claims(self):
        """Every (page, claim) pair, in file order."""
        return [(p, c) for p in self.pages for c in p.claims]


def fact_verdict(fact_id: str) -> str:
    """The verdict a ``claims.*`` fact gives, in this file's four words ('WRONG (contrary to label)' -> wrong)."""
    value = str(data.fact(fact_id).value)
    first = re.match(r"[A-Za-z]+", value)
    word = first.group(0).lower() if first else ""
    if word not in FACT_VERDICT_WORDS:
        raise AppraisalError(f"fact {fact_id!r} has value {value!r}, which names none of {list(FACT_VERDICT_WORDS)}")
    return FACT_VERDICT_WORDS[word]


def _text(entry: dict, name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise AppraisalError(f"{where}: field {name!r} must be a non-empty text, got {value!r}")
    return value.strip()


def _claim(entry, where: str, sections: dict) -> Claim:
    if not isinstance(entry, dict):
        raise AppraisalError(f"{where}: a claim must be a mapping with fields {list(CLAIM_FIELDS)}")
    where = f"{where} ({entry.get('id', 'no id')})"
    missing = [f for f in CLAIM_FIELDS if f not in entry]
    if missing:
        raise AppraisalError(f"{where}: missing field(s) {missing}")
    unknown = sorted(set(entry) - set(CLAIM_FIELDS) - {"fact"})
    if unknown:
        raise AppraisalError(f"{where}: unknown field(s) {unknown}; allowed {list(CLAIM_FIELDS) + ['fact']}")
    verdict = entry["verdict"]
    if verdict not in VERDICTS:
        raise AppraisalError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    if entry["status"] not in data.STATUSES:
        raise AppraisalError(f"{where}: status {entry['status']!r} is not one of {', '.join(data.STATUSES)}")
    places = entry["where"]
    if not isinstance(places, list) or any(str(s) not in sections for s in places):
        raise AppraisalError(f"{where}: where {places!r} must be a list of section numbers from "
                             f"`sections` ({', '.join(sections)}), or [] for none")
    claim = Claim(id=_text(entry, "id", where), claim=_text(entry, "claim", where), verdict=verdict,
                  evidence=_text(entry, "evidence", where), source=_text(entry, "source", where),
                  status=entry["status"], where=tuple(str(s) for s in places), fact=entry.get("fact"))
    for name in ("claim", "evidence"):
        try:
            render(getattr(claim, name))
        except KeyError as exc:
            raise AppraisalError(f"{where}: {name}: {exc.args[0]}") from None
    if claim.fact is not None:
        _agrees_with_fact(claim, where)
    return claim


def _agrees_with_fact(claim: Claim, where: str) -> None:
    if not str(claim.fact).startswith("claims."):
        raise AppraisalError(f"{where}: fact {claim.fact!r} must be a claims.* fact")
    try:
        judged = fact_verdict(claim.fact)
    except KeyError as exc:
        raise AppraisalError(f"{where}: {exc.args[0]}") from None
    if judged != claim.verdict:
        raise AppraisalError(f"{where}: verdict {claim.verdict!r} disagrees with {claim.fact} "
                             f"({data.fact(claim.fact).value!r}, i.e. {judged!r})")
    if data.fact(claim.fact).source != claim.source:
        raise AppraisalError(f"{where}: source {claim.source!r} differs from {claim.fact}'s "
                             f"source {data.fact(claim.fact).source!r}")


def _page(entry, where: str, sections: dict) -> Page:
    if not isinstance(entry, dict) or [f for f in PAGE_FIELDS if f not in entry]:
        raise AppraisalError(f"{where}: a page needs the fields {list(PAGE_FIELDS)}")
    where = f"{where} ({entry['key']})"
    if not isinstance(entry["claims"], list) or not entry["claims"]:
        raise AppraisalError(f"{where}: claims must be a non-empty list")
    claims = tuple(_claim(c, f"{where}, claim {i + 1}", sections) for i, c in enumerate(entry["claims"]))
    page = Page(key=_text(entry, "key", where), seed=_text(entry, "seed", where), kind=_text(entry, "kind", where),
                name=_text(entry, "name", where), claims=claims)
    return page


def parse(raw, origin: str = "appraisal.yaml") -> Appraisal:
    """Validate the file's content (a mapping with ``sections`` and ``pages``) into typed records."""
    if not isinstance(raw, dict) or not isinstance(raw.get("pages"), list) or not isinstance(raw.get("sections"), dict):
        raise AppraisalError(f"{origin}: expected a mapping with `sections` (number -> title) and a `pages` list")
    sections = {str(k): str(v) for k, v in raw["sections"].items()}
    pages = tuple(_page(p, f"{origin}, page {i + 1}", sections) for i, p in enumerate(raw["pages"]))
    ids = [c.id for p in pages for c in p.claims]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise AppraisalError(f"{origin}: claim ids used twice: {repeated}")
    facts = [c.fact for p in pages for c in p.claims if c.fact]
    twice = sorted({f for f in facts if facts.count(f) > 1})
    if twice:
        raise AppraisalError(f"{origin}: claims.* facts linked from two claims: {twice}")
    for p in pages:
        for c in p.claims:
            if c.fact and data.fact(c.fact).get("seed") not in (None, p.seed):
                raise AppraisalError(f"{origin}, {p.key} ({c.id}): {c.fact} is about page "
                                     f"{data.fact(c.fact).get('seed')}, not {p.seed}")
    return Appraisal(sections=sections, pages=pages)


@lru_cache(maxsize=None)
def _load_cached(path: str) -> Appraisal:
    text = Path(path).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AppraisalError(f"{Path(path).name}: not valid YAML: {exc}") from None
    return parse(raw, Path(path).name)


def load(path: Path | str = APPRAISAL_FILE) -> Appraisal:
    """The appraisal file, validated (cached per path)."""
    return _load_cached(str(path))


def _cell(text: str) -> str:
    """A table cell: placeholders resolved first (they use ``|`` themselves), then pipes escaped."""
    return render(text).replace("|", "/").replace("\n", " ")


def _where(claim: Claim) -> str:
    return ", ".join(f"§{s}" for s in claim.where) if claim.where else "not yet"


def table(page_key: str, appraisal: Appraisal | None = None) -> Markdown:
    """One page's claims as a Markdown table: the claim (numbered), its verdict, the evidence with its
    source and status, and the course sections that discuss it. Four columns, so it reads on a phone."""
    appraisal = appraisal or load()
    page = appraisal.page(page_key)
    rows = ["| The page claims | Verdict | Evidence (source, status) | In the course |", "|---|---|---|---|"]
    for c in page.claims:
        number = c.id.rsplit("-", 1)[-1]
        rows.append(f"| {number}. {_cell(c.claim)} | **{c.verdict}** | {_cell(c.evidence)} "
                    f"[[cite:{c.source}]], {c.status} | {_where(c)} |")
    return Markdown("\n".join(rows))


def summary(appraisal: Appraisal | None = None) -> Markdown:
    """Claims per page and verdict, and how many the chapters discuss."""
    appraisal = appraisal or load()
    head = "| Page | Claims | " + " | ".join(v.capitalize() for v in VERDICTS) + " | Discussed in a chapter |"
    rows = [head, "|---|" + "---|" * (len(VERDICTS) + 2)]
    for p in appraisal.pages:
        counts = [sum(c.verdict == v for c in p.claims) for v in VERDICTS]
        discussed = sum(bool(c.where) for c in p.claims)
        rows.append(f"| {p.kind[0].upper() + p.kind[1:]} [[cite:{p.key}]] | {len(p.claims)} | "
                    + " | ".join(map(str, counts)) + f" | {discussed} |")
    return Markdown("\n".join(rows))


def sections_key(appraisal: Appraisal | None = None) -> Markdown:
    """The course sections the tables name, with their titles (the tables show only the numbers)."""
    appraisal = appraisal or load()
    used = {s for _, c in appraisal.claims() for s in c.where}
    items = [f"- **§{n}** {title}" for n, title in appraisal.sections.items() if n in used]
    return Markdown("\n".join(items))


# ---- the copy check ---------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """Lower-case words, punctuation dropped (so case, quotes and dashes cannot hide a copied run)."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def runs(text: str, n: int = COPY_RUN) -> list[str]:
    """Every run of ``n`` consecutive words of ``text`` (normalised), in order."""
    w = words(text)
    return [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)]


def _digest(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:12]


def fingerprints(page_text: str, n: int = COPY_RUN) -> set[str]:
    """Hashes of every ``n``-word run of a page: enough to detect copying, not to rebuild the page."""
    return {_digest(r) for r in runs(page_text, n)}


def copied_runs(text: str, page_fingerprints: set[str], n: int = COPY_RUN) -> list[str]:
    """The ``n``-word runs of ``text`` (a paraphrase, placeholders resolved) that also occur in the page."""
    return [r for r in runs(text, n) if _digest(r) in page_fingerprints]
