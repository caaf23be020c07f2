"""Every claim of the four appraised pages (widgets/data/appraisal.yaml): a valid verdict with a cited,
status-labelled source; a paraphrase that copies no run of 8 words from its page; agreement with the
``claims.*`` facts the chapters use; bad entries refused with a message that names the claim."""
from __future__ import annotations

import copy
import json
import re

import pybtex.database
import pytest
import yaml

from helpers import ROOT
from test_one_number_one_source import fact_values, hand_typed
from widgets import appraisal, data
from widgets.text import render

BIB_KEYS = set(pybtex.database.parse_file(ROOT / "references.bib").entries.keys())
FINGERPRINTS = json.loads((ROOT / "tests" / "fixtures" / "seed_fingerprints.json").read_text(encoding="utf-8"))
PAGE_PRINTS = {seed: set(hashes.split()) for seed, hashes in FINGERPRINTS["pages"].items()}
# Factual claims per page found by the sentence-by-sentence research for issue 12 (12b_appraisal.md).
RESEARCH_COUNTS = {"seed_pharmacist_qa": 23, "seed_clonazepam_blog": 53, "seed_rls_shop": 40, "seed_benchchem": 40}
APPRAISAL = appraisal.load()
CLAIMS = APPRAISAL.claims()


def _raw():
    return yaml.safe_load(appraisal.APPRAISAL_FILE.read_text(encoding="utf-8"))


def test_every_claim_has_a_verdict_a_cited_source_and_a_status():
    problems = [(c.id, c.verdict, c.source, c.status) for _, c in CLAIMS
                if c.verdict not in appraisal.VERDICTS or c.source not in BIB_KEYS or c.status not in data.STATUSES]
    assert problems == []
    assert {c.verdict for _, c in CLAIMS} == set(appraisal.VERDICTS)


def test_every_page_is_a_bib_entry_and_has_at_least_the_claims_research_found():
    assert {p.key: len(p.claims) >= RESEARCH_COUNTS[p.key] for p in APPRAISAL.pages} == \
           {k: True for k in RESEARCH_COUNTS}
    assert all(p.key in BIB_KEYS for p in APPRAISAL.pages)
    assert len({p.name for p in APPRAISAL.pages}) == len(APPRAISAL.pages)


@pytest.mark.parametrize("page", APPRAISAL.pages, ids=lambda p: p.key)
def test_no_paraphrase_copies_a_run_of_eight_words_from_its_page(page):
    prints = PAGE_PRINTS[page.seed]
    copied = {(c.id, field): appraisal.copied_runs(render(getattr(c, field)), prints)
              for c in page.claims for field in ("claim", "evidence")}
    assert {k: v for k, v in copied.items() if v} == {}


def test_a_planted_copied_sentence_is_caught_whatever_its_case_and_punctuation():
    blog = PAGE_PRINTS["001_ecc26e110d3dd85d.txt"]
    copied = "Mirtazapine is believed to be responsible for the activation of 5-HT1 receptors."
    disguised = "MIRTAZAPINE is believed — to be responsible for the ‘activation’ of 5-HT1 receptors!"
    assert appraisal.copied_runs(copied, blog)
    assert appraisal.copied_runs(disguised, blog) == appraisal.copied_runs(copied, blog)
    assert appraisal.copied_runs("The page credits mirtazapine with switching on 5-HT1 receptors.", blog) == []


def test_the_fingerprints_cover_every_page_and_hold_no_page_text():
    assert FINGERPRINTS["run_words"] == appraisal.COPY_RUN
    assert {p.seed for p in APPRAISAL.pages} <= set(PAGE_PRINTS)
    assert all(re.fullmatch(r"[0-9a-f]{12}", h) for prints in PAGE_PRINTS.values() for h in prints)


def test_the_claims_facts_of_chapters_2_and_3_agree_with_the_file():
    """Each claims.* fact is the verdict of exactly one claim of the page it is about, with its source."""
    facts = {f.id: f for f in data.all_facts().values() if f.id.startswith("claims.")}
    linked = {c.fact: (p, c) for p, c in CLAIMS if c.fact}
    assert sorted(linked) == sorted(facts)
    for fact_id, (page, claim) in linked.items():
        assert (claim.verdict, claim.source, page.seed) == \
               (appraisal.fact_verdict(fact_id), facts[fact_id].source, facts[fact_id].get("seed")), fact_id


@pytest.mark.parametrize("value, verdict", [("WRONG (contrary to label)", "wrong"), ("MISLEADING", "misleading"),
                                            ("WRONG / UNSUPPORTED", "wrong"), ("OVERSTATED", "misleading"),
                                            ("INCONSISTENT (impossible as printed)", "wrong"),
                                            ("UNSUPPORTED (wrong mechanism)", "unsupported")])
def test_fact_verdict_words_map_to_the_four_verdicts(value, verdict, monkeypatch):
    fake = data.Fact(id="claims.x", value=value, unit="text", source="remeron_uspi", status="V")
    monkeypatch.setattr(data, "fact", lambda fid: fake)
    assert appraisal.fact_verdict("claims.x") == verdict


def test_no_fact_value_is_typed_by_hand_in_a_claim_or_its_evidence():
    index = fact_values()
    problems = [p for _, c in CLAIMS for field in ("claim", "evidence")
                for p in hand_typed(getattr(c, field), f"{c.id} {field}", index)]
    assert problems == [], "\n".join(problems)


def test_every_section_named_is_a_heading_of_its_chapter():
    headings = {}
    for path in (ROOT / "chapters").glob("ch*.md"):
        for number, title in re.findall(r"^## (\d+\.\d+) (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE):
            headings[number] = title.strip()
    assert {n: headings.get(n) for n in APPRAISAL.sections} == APPRAISAL.sections


@pytest.mark.parametrize("target", ["myst", "notebook"])
def test_each_table_resolves_every_placeholder_and_cites_every_source(target, monkeypatch):
    monkeypatch.setenv("COURSE_MARKDOWN_TARGET", target)
    for page in APPRAISAL.pages:
        md = appraisal.table(page.key).markdown
        assert "[[" not in md and md.count("\n") == len(page.claims) + 1
        for c in page.claims:
            from widgets.text import citation

            assert citation(c.source, target) in md, (page.key, c.id)


def test_the_summary_counts_every_verdict_of_every_page():
    plain = appraisal.summary().plain
    for page in APPRAISAL.pages:
        counts = [str(sum(c.verdict == v for c in page.claims)) for v in appraisal.VERDICTS]
        assert f"| {len(page.claims)} | " + " | ".join(counts) + " |" in plain


# ---- bad entries are refused, naming the claim and the field ---------------------------------------

def _planted(change):
    raw = _raw()
    change(raw)
    return raw


@pytest.mark.parametrize("change, message", [
    (lambda r: r["pages"][0]["claims"][0].update(verdict="true"),
     r"page 1 \(seed_pharmacist_qa\), claim 1 \(qa-01\): verdict 'true' is not one of correct, wrong, misleading, unsupported"),
    (lambda r: r["pages"][0]["claims"][0].update(verdict="Correct"), r"qa-01\): verdict 'Correct' is not one of"),
    (lambda r: r["pages"][1]["claims"][15].update(verdict="correct"),
     r"blog-16\): verdict 'correct' disagrees with claims.a_clonazepam_is_diazepam \('WRONG', i.e. 'wrong'\)"),
    (lambda r: r["pages"][1]["claims"][15].update(source="valium_uspi"), r"blog-16\): source 'valium_uspi' differs"),
    (lambda r: r["pages"][0]["claims"][1].update(status="verified"), r"qa-02\): status 'verified' is not one of V, V2, U"),
    (lambda r: r["pages"][0]["claims"][2].update(where=["9.9"]), r"qa-03\): where \['9.9'\] must be a list of section"),
    (lambda r: r["pages"][0]["claims"][3].pop("evidence"), r"claim 4 \(qa-04\): missing field\(s\) \['evidence'\]"),
    (lambda r: r["pages"][0]["claims"][3].update(evidence="  "), r"qa-04\): field 'evidence' must be a non-empty text"),
    (lambda r: r["pages"][0]["claims"][4].update(claim="Half-life [[mirtazapine.half_life]]."),
     r"qa-05\): claim: no fact 'mirtazapine.half_life'.*did you mean.*mirtazapine.half_life_h"),
    (lambda r: r["pages"][0]["claims"][5].update(verdit="wrong"), r"qa-06\): unknown field\(s\) \['verdit'\]"),
    (lambda r: r["pages"][0]["claims"][6].update(id="qa-01"), r"claim ids used twice: \['qa-01'\]"),
    (lambda r: r["pages"][0]["claims"][7].update(fact="claims.d_activates_5ht1", verdict="misleading",
                                                  source="remeron_uspi"),
     r"claims.\* facts linked from two claims: \['claims.d_activates_5ht1'\]"),
    (lambda r: (r["pages"][1]["claims"][10].pop("fact"),
                r["pages"][3]["claims"][0].update(fact="claims.d_activates_5ht1", verdict="misleading",
                                                  source="remeron_uspi")),
     r"vendor-01\): claims.d_activates_5ht1 is about page 001_ecc26e110d3dd85d.txt, not 003_"),
    (lambda r: r.pop("sections"), r"expected a mapping with `sections`"),
])
def test_a_planted_bad_entry_is_refused_with_a_clear_message(change, message):
    with pytest.raises(appraisal.AppraisalError, match=message):
        appraisal.parse(_planted(change))


def test_the_file_as_committed_parses_and_a_planted_defect_leaves_it_untouched():
    before = copy.deepcopy(_raw())
    with pytest.raises(appraisal.AppraisalError):
        appraisal.parse(_planted(lambda r: r["pages"][2]["claims"][0].update(verdict="maybe")))
    assert _raw() == before and appraisal.parse(before).pages == APPRAISAL.pages


def test_invalid_yaml_is_refused_with_the_file_name(tmp_path):
    bad = tmp_path / "appraisal.yaml"
    bad.write_text("pages: [\n  - key: x\n", encoding="utf-8")
    with pytest.raises(appraisal.AppraisalError, match=r"appraisal.yaml: not valid YAML"):
        appraisal.load(bad)


def test_the_sections_key_gives_the_title_of_every_section_a_table_names():
    named = {s for _, c in CLAIMS for s in c.where}
    key = appraisal.sections_key().plain
    assert sorted(re.findall(r"\*\*§([\d.]+)\*\*", key)) == sorted(named)
    assert all(f"**§{n}** {APPRAISAL.sections[n]}" in key for n in named)
