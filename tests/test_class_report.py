"""What the teacher learns from a graded class: item statistics checked against a class computed by hand,
copied-variant detection both ways, LMS files in the layouts Canvas and Moodle import, merge-marks,
progress lines, and the class report opened offline in Chromium (no console errors, axe 0 serious)."""
from __future__ import annotations

import csv
import html
import io
import math
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from grading_corpus import ask_cells, correct_answers, notebook, setup_cell, write_class, write_corpus
from helpers import CHROMIUM, launch_chromium

from exercises import registry
from exercises.grading import copy_signals, item_analysis as ia, judge, progress, reports, sources
from exercises.grading.answers import Answers

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHAPTER = "ch1"


def grade(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exercises", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---- item statistics against a hand-computed class ------------------------------------------------------
# Five students, three one-point items (1 = right). E did not attempt q1. Totals: A 3, B 2, C 1, D 1, E 1.
CLASS = {"A": (1, 1, 1), "B": (1, 1, 0), "C": (1, 0, 0), "D": (0, 1, 0), "E": (0, 0, 1)}


def _hand_class():
    students = [ia.StudentRun(s, f"Student {s}", "graded", chapter="ch9") for s in CLASS]
    students += [ia.StudentRun("F", "Failed Fay", "failed-unreadable", "empty file"),
                 ia.StudentRun("G", "Gone Gus", "missing", "no submission")]
    items = []
    for sid, scores in CLASS.items():
        for q, score in zip(("q1", "q2", "q3"), scores):
            status = "correct" if score else ("unanswered" if (sid, q) == ("E", "q1") else "incorrect")
            wrong = {("C", "q2"): 0, ("D", "q1"): 0, ("B", "q3"): 1}.get((sid, q))
            items.append(ia.ItemResult(sid, q, 1.0, float(score), status, "ch9", "numeric", True, wrong,
                                       f"idea {wrong}" if wrong is not None else ""))
    return students, items


def _point_biserial(item: list[int], rest: list[int]) -> float:
    """The textbook formula, (M1 - M0) / s * sqrt(p q), with the population SD of the rest score."""
    n = len(item)
    right = [r for i, r in zip(item, rest) if i]
    wrong = [r for i, r in zip(item, rest) if not i]
    mean = sum(rest) / n
    s = math.sqrt(sum((r - mean) ** 2 for r in rest) / n)
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / s * math.sqrt(p * (1 - p))


def test_item_statistics_match_a_class_computed_by_hand():
    students, items = _hand_class()
    stats = {s.exercise: s for s in ia.item_stats(items, students)}
    assert list(stats) == ["q1", "q2", "q3"]
    totals = {sid: sum(v) for sid, v in CLASS.items()}
    # difficulty: q1 right for A, B, C of five; E did not attempt it
    assert stats["q1"].students == 5
    assert stats["q1"].mean_share == pytest.approx(3 / 5) and stats["q1"].share_correct == pytest.approx(0.6)
    assert stats["q1"].share_not_attempted == pytest.approx(1 / 5)
    assert stats["q3"].mean_share == pytest.approx(2 / 5)
    # discrimination of q1 by hand: rest scores (total - q1) are A 2, B 1, C 0, D 1, E 1;
    # M1 = (2+1+0)/3 = 1, M0 = (1+1)/2 = 1, so r = 0: q1 does not separate strong from weak students
    assert stats["q1"].discrimination == pytest.approx(0.0, abs=1e-12)
    assert "does not separate" in stats["q1"].reading
    for q, k in (("q1", 0), ("q2", 1), ("q3", 2)):
        item = [v[k] for v in CLASS.values()]
        rest = [totals[s] - v[k] for s, v in CLASS.items()]
        assert stats[q].discrimination == pytest.approx(_point_biserial(item, rest)), q
    # q2: rest A 2, B 1, C 1, D 0, E 1; M1 = 1, M0 = 1 -> also 0. q3 (right for A and E): rest A 2, B 2,
    # C 1, D 1, E 0; M1 = (2+0)/2 = 1, M0 = (2+1+1)/3 = 4/3; mean rest 1.2, s = sqrt(2.8/5) = 0.7483;
    # r = (1 - 4/3) / 0.7483 * sqrt(0.4 * 0.6) = -0.2182
    assert stats["q3"].discrimination == pytest.approx(-0.2182, abs=1e-4)
    assert "weaker students did better" in stats["q3"].reading
    # failed and missing students are not in the statistics
    assert all(s.students == 5 for s in stats.values())


def test_distribution_misconceptions_cases_and_attention_from_the_hand_class():
    students, items = _hand_class()
    dist = ia.distribution(items, students)
    assert dist.total == pytest.approx({"A": 1, "B": 2 / 3, "C": 1 / 3, "D": 1 / 3, "E": 1 / 3})
    assert list(dist.by_chapter) == ["ch9"]
    ranking = ia.misconception_counts(items, students)
    assert [(m.exercise, m.index, m.students) for m in ranking] == [("q1", 0, 1), ("q2", 0, 1), ("q3", 1, 1)]
    assert ranking[0].answered == 4                  # E did not attempt q1
    more = items + [ia.ItemResult("E", "q2", 1.0, 0.0, "incorrect", "ch9", "numeric", True, 0, "idea 0")]
    assert ia.misconception_counts(more, students)[0].exercise == "q2"   # now 2 students: ranked first
    code = [ia.ItemResult(s, "c1", 3.0, 1.0, "partial", "ch9", "code", True, None, "",
                          (ia.CaseFailure("f(-1)", "no ValueError"),) + ((ia.CaseFailure("f(0)", "wrong value"),)
                                                                          if s in "AB" else ()))
            for s in "ABC"]
    cases = ia.case_counts(code, students)
    assert [(c.case, c.kind, c.students, c.tested) for c in cases] == [("f(-1)", "no ValueError", 3, 3),
                                                                       ("f(0)", "wrong value", 2, 3)]
    attention = {a.student_id: a.reasons for a in ia.needs_attention(items, students, {"A": "fits B's variant"})}
    assert set(attention) == {"A", "C", "D", "E", "F", "G"}          # B scored 2/3, no signal
    assert any("copy signal: fits B's variant" in r for r in attention["A"])
    assert any("low score: 33%" in r for r in attention["C"])
    assert attention["F"] == ("not graded (failed-unreadable): empty file",)


def test_score_bands_keep_full_and_zero_scores():
    from exercises.grading.class_report import bands

    assert bands([0.0, 0.05, 0.1, 0.5, 0.999, 1.0, 1.0]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 3]


def test_code_case_failures_name_the_kind():
    ex = registry.get("ch1.code-occupancy")
    cases = ex.cases(7)
    results = [{"value": 0.5}] * len(cases)
    results[3] = {"raises": "ZeroDivisionError"}
    failures = ia.case_failures(ex, cases, results)
    kinds = {f["case"]: f["kind"] for f in failures}
    assert kinds["occupancy_fraction(-1.0, 1.0)"] == "raised ZeroDivisionError instead of ValueError"
    assert kinds["occupancy_fraction(1.0, 0.0)"] == "no ValueError"
    assert kinds["occupancy_fraction(0.0, 5.0)"] == "wrong value"
    assert "occupancy_fraction(1.0, 1.0)" not in kinds                 # 0.5 is right there
    assert ia.case_failures(ex, cases, None) is None


def test_the_judge_says_which_misconception_an_answer_matches():
    ex = registry.get("ch1.occupancy-h1")
    p = ex.params(12345)
    free = 100 * p["ki_nm"] / (p["conc_nm"] + p["ki_nm"])
    assert ex.judge(f"{free:.4g} %", p).misconception == 0
    assert ex.judge(f"{ex.expected(p):.4g} %", p).misconception is None
    choice = registry.get("ch1.receptor-effect")
    assert choice.judge("A, E").misconception == 4 and choice.judge("A").misconception is None


# ---- copied variants -----------------------------------------------------------------------------------
NUMERIC = [ex for ex in registry.chapter(CHAPTER) if ex.kind == "numeric"]


def _row(sid: str, seed: int | None, answers: dict, status="graded") -> dict:
    records = {k: {"answer": v} for k, v in answers.items()}
    exercises = judge.judge_all(CHAPTER, Answers(records), seed, 0)
    return {"student_id": sid, "name": f"Name {sid}", "seed": seed, "status": status, "exercises": exercises,
            "chapter": CHAPTER}


def _differ_everywhere(a: int, b: int) -> bool:
    return all(not ex.judge(ex.expected(ex.params(a)), ex.params(b)).status == "correct" for ex in NUMERIC)


def _numeric(answers: dict) -> dict:
    return {k: v for k, v in answers.items() if registry.get(k).kind == "numeric"}


def test_copy_signals_flag_the_copier_and_not_honest_students():
    source = 101
    copier = next(s for s in range(102, 400) if _differ_everywhere(source, s))
    # honest twins: another seed whose steady-state and accumulation variants equal the source's
    half = registry.get("ch1.steady-state-days")
    twin = next(s for s in range(400, 5000) if half.params(s) == half.params(source)
                and registry.get("ch1.accumulation-ratio").params(s) == registry.get("ch1.accumulation-ratio").params(source)
                and registry.get("ch1.occupancy-h1").params(s) != registry.get("ch1.occupancy-h1").params(source))
    near = next(s for s in range(5000, 6000) if _differ_everywhere(source, s) and _differ_everywhere(copier, s))
    public_copier = next(s for s in range(6000, 7000) if _differ_everywhere(s, None))
    own = correct_answers(copier)
    near_answers = dict(correct_answers(near))
    occ = registry.get("ch1.occupancy-h1")
    p = occ.params(near)
    near_answers["ch1.occupancy-h1"] = f"{100 * p['ki_nm'] / (p['conc_nm'] + p['ki_nm']):.4g} %"  # a misconception
    rows = [
        _row("S1", source, correct_answers(source)),
        _row("C1", copier, {**own, **_numeric(correct_answers(source))}),       # the source's numbers
        _row("T1", twin, correct_answers(twin)),                                 # shares two answers with S1
        _row("T2", source, correct_answers(source)),                             # same variant as S1
        _row("N1", near, near_answers),
        _row("P1", public_copier, _numeric(correct_answers(None))),                     # the book's public numbers
    ]
    exercises = {ex.id: ex for ex in registry.chapter(CHAPTER)}
    found = copy_signals.find(copy_signals.from_rows(rows), exercises)
    flagged = {s.student_id for s in found}
    assert "C1" in flagged and flagged <= {"C1", "P1"}
    signal = next(s for s in found if s.student_id == "C1")
    assert {signal.source, *signal.also} == {"S1", "T2"}
    assert set(signal.exercises) == {ex.id for ex in NUMERIC}
    public = [s for s in found if s.student_id == "P1"]
    assert public and public[0].source == copy_signals.PUBLIC
    notes = copy_signals.notes(found)
    assert "S1 (Name S1)" in notes["C1"] and "T1" not in notes and "N1" not in notes
    # an exercise where both variants have the same answer is never evidence
    same = dict(correct_answers(twin))
    same["ch1.occupancy-h1"] = correct_answers(source)["ch1.occupancy-h1"]
    only = copy_signals.find(copy_signals.from_rows([rows[0], _row("T3", twin, same)]), exercises,
                             include_public=False)
    assert only == []          # one differing exercise is not enough; the two shared ones do not count


# ---- LMS files -----------------------------------------------------------------------------------------
def _lms_rows():
    base = {"source": "x.ipynb", "reason": "", "exercises": [], "canvas_id": "", "moodle_id": ""}
    return [{**base, "student_id": "s1", "name": "Ann Ash", "status": "graded", "total": 4.4545, "max": 16,
             "canvas_id": "777", "moodle_id": "1234"},
            {**base, "student_id": "s2", "name": "=cmd()", "status": "graded-partial-run", "total": 10.0, "max": 16,
             "reason": "timed out", "moodle_id": "1240"},
            {**base, "student_id": "s3", "name": "Cy Coe", "status": "failed-unreadable", "total": None, "max": 16,
             "reason": "empty file"}]


def test_canvas_file_matches_the_gradebook_import_layout(tmp_path):
    column, warning = reports.canvas_column("Chapter 1 (4321)", CHAPTER)
    assert (column, warning) == ("Chapter 1 (4321)", None)
    assert reports.canvas_column("4321", CHAPTER)[0] == "ch1 exercises (4321)"
    assert reports.canvas_column("https://x.instructure.com/courses/9/assignments/4321", CHAPTER)[0].endswith("(4321)")
    name_only, warning = reports.canvas_column(None, CHAPTER)
    assert name_only == "ch1 exercises" and "creates a new assignment" in warning
    reports.write_lms(tmp_path, _lms_rows(), column)
    rows = list(csv.reader(open(tmp_path / "canvas.csv", newline="", encoding="utf-8")))
    header = rows[0]
    # Canvas's importer: Student, ID, then either Section, or SIS User ID, SIS Login ID, Section
    assert re.search("Student", header[0]) and re.search("ID", header[1])
    assert re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3])
    assert re.search("Section", header[4])
    title, ident = re.fullmatch(r"(.*)\s\((\d+)\)", header[5]).groups()   # Assignment.title_and_id
    assert (title, ident) == ("Chapter 1", "4321")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Ann Ash"][1] == "777" and by_name["Ann Ash"][5] == "4.45"    # 2 decimals in the LMS file
    assert by_name["'=cmd()"][2] == "s2" and by_name["'=cmd()"][5] == "10"       # SIS User ID; no formula
    assert by_name["Cy Coe"][5] == ""                                            # a failure is not a zero


def test_moodle_file_has_what_the_offline_worksheet_import_needs(tmp_path):
    reports.write_lms(tmp_path, _lms_rows(), "ch1 exercises")
    rows = list(csv.DictReader(open(tmp_path / "moodle.csv", newline="", encoding="utf-8")))
    # assignfeedback_offline's importer refuses a file without these three columns
    assert {"Identifier", "Grade", "Last modified (grade)"} <= set(rows[0])
    assert [r["Identifier"] for r in rows] == ["Participant 1234", "Participant 1240", ""]
    assert [r["Grade"] for r in rows] == ["4.45", "10", ""]     # empty grade: Moodle skips it
    stamp = rows[0]["Last modified (grade)"]
    datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S UTC")           # a date strtotime() reads
    assert rows[1]["Feedback comments"].startswith("graded-partial-run: timed out")


def test_roster_fills_the_moodle_identifier(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,seed,moodle_participant\nS1,Jane Smith,4,Participant 1234\n"
                      "S2,Kim Lee,,88\n", encoding="utf-8")
    entries = sources.read_roster(roster)
    assert [e.moodle_id for e in entries] == ["1234", "88"]
    sub = sources.describe(sources.Submission("leekim_555_9_ch1.ipynb", None, 0.0))
    sources.match_roster([sub], entries)
    assert sub.student_id == "S2" and sub.moodle_id == "88"
    roster.write_text("student_id,name,seed,moodle_participant\nS1,Jane,4,Jane\n", encoding="utf-8")
    with pytest.raises(sources.RosterError, match="moodle_participant 'Jane'"):
        sources.read_roster(roster)


# ---- merge-marks -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """Three honest students and one (2099) who hands in student 2000's numeric answers with their own seed,
    leaving the written answer out."""
    base = tmp_path_factory.mktemp("marks")
    expects = write_class(base / "subs", 3, broken=False)
    seed = next(s for s in range(900, 2000) if _differ_everywhere(s, expects["2000"].seed))
    copied = {**_numeric(expects["2000"].answers), **{k: v for k, v in correct_answers(seed).items()
                                                    if registry.get(k).kind in ("choice", "ordering")}}
    (base / "subs" / "copycat_2099_7099_ch1.ipynb").write_text(notebook([setup_cell(seed), *ask_cells(copied)]),
                                                               encoding="utf-8")
    roster = base / "roster.csv"
    roster.write_text("student_id,name,seed,moodle_participant\n" + "".join(
        f"{sid},Student {sid},{e.seed},{int(sid) + 5000}\n" for sid, e in expects.items()) +
        f"2099,Copy Cat,{seed},7099\n", encoding="utf-8")
    done = grade("grade", base / "subs", "--out", base / "out", "--roster", roster, "--workers", 1,
                 "--assignment", "Chapter 1 (4321)")
    assert done.returncode == 0, done.stderr[-3000:]
    return base, expects, done


def test_the_grader_names_the_copied_classmate_in_grades_csv(small_run):
    base, expects, _ = small_run
    grades = {r["student_id"]: r for r in read_csv(base / "out" / "grades.csv")}
    assert grades["2099"]["status"] == "graded"
    assert "fit the variant of 2000 (Student 2000)" in grades["2099"]["copy_signals"]
    assert all(grades[sid]["copy_signals"] == "" for sid in expects)          # the honest ones, and the source
    assert "2099" in (base / "out" / "summary.md").read_text(encoding="utf-8").split("## Copy signals")[1]


def test_a_piped_run_prints_progress_lines(small_run):
    _, _, done = small_run
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("grading: ")]
    assert lines and lines[-1].startswith("grading: 4/4 submissions (4 graded)") and lines[-1].endswith("done")
    assert "\r" not in done.stderr


def test_merge_marks_counts_written_answers_in_gradebook_and_lms_files(small_run, tmp_path):
    base, expects, _ = small_run
    out = base / "out"
    before = {r["student_id"]: r for r in read_csv(out / "grades.csv")}
    assert all(r["max"] == "16" and r["ch1.explain-dose-sedation"] == "" for r in before.values())
    assert all(before[sid]["written_status"] == "ch1.explain-dose-sedation: recorded" for sid in expects)
    assert before["2099"]["written_status"] == "ch1.explain-dose-sedation: unanswered"   # nothing to mark
    assert "marked separately" in (out / "report.html").read_text(encoding="utf-8")
    ids = sorted(expects)
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,exercise,mark\n" + f"{ids[0]},ch1.explain-dose-sedation,4\n"
                   f"{ids[1]},ch1.explain-dose-sedation,two\nnobody,ch1.explain-dose-sedation,1\n"
                   f"{ids[2]},ch1.occupancy-h1,1\n", encoding="utf-8")
    refused = grade("merge-marks", bad, "--out", out)
    assert refused.returncode == 2
    for needle in ("line 2: mark 4", "between 0 and 3", "line 3: mark 'two' is not a number",
                   "line 4: unknown student 'nobody'", "'ch1.occupancy-h1' is not a written exercise",
                   "have no mark", "Nothing was changed"):
        assert needle in refused.stderr, needle
    assert {r["student_id"]: r for r in read_csv(out / "grades.csv")} == before
    # the teacher fills a mark column into free_text.csv and merges that file as it is
    free = read_csv(out / "free_text.csv")
    given = {ids[0]: "3", ids[1]: "1.5", ids[2]: "0"}
    filled = tmp_path / "free_text_marked.csv"
    with open(filled, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, [*free[0], "mark"])
        writer.writeheader()
        writer.writerows({**r, "mark": given.get(r["student_id"], "")} for r in free)   # 2099: no answer
    merged = grade("merge-marks", filled, "--out", out)
    assert merged.returncode == 0, merged.stderr
    after = {r["student_id"]: r for r in read_csv(out / "grades.csv")}
    assert after["2099"]["max"] == "19" and after["2099"]["total"] == before["2099"]["total"]
    for sid in ids:
        assert after[sid]["max"] == "19"                          # the notebook's full total
        assert after[sid]["ch1.explain-dose-sedation"] == _fmt(float(given[sid]))
        assert float(after[sid]["total"]) == pytest.approx(float(before[sid]["total"]) + float(given[sid]))
    canvas = {r["ID"]: r for r in read_csv(out / "canvas.csv")}
    assert canvas[ids[1]]["Chapter 1 (4321)"] == _fmt(round(float(after[ids[1]]["total"]), 2))
    moodle = read_csv(out / "moodle.csv")
    assert sorted(r["Identifier"] for r in moodle) == sorted([f"Participant {int(s) + 5000}" for s in ids] +
                                                             ["Participant 7099"])
    assert all(r["Maximum Grade"] == "19" for r in moodle)
    assert "with the teacher's marks merged" in html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert "written explanations marked by your teacher included" in (out / "feedback" / f"{ids[0]}.md").read_text()
    again = grade("grade", base / "subs", "--out", out, "--workers", 1)        # a rerun keeps the marks
    assert again.returncode == 0, again.stderr[-2000:]
    assert {r["student_id"]: r["total"] for r in read_csv(out / "grades.csv")} == \
        {sid: after[sid]["total"] for sid in after}


def _fmt(x: float) -> str:
    return f"{x:g}"


# ---- progress ------------------------------------------------------------------------------------------
def test_progress_lines_every_n_or_every_ten_seconds_and_at_the_end():
    now = [0.0]
    stream = io.StringIO()
    bar = progress.start(40, None, stream, clock=lambda: now[0])
    assert isinstance(bar, progress.Lines)                      # StringIO is not a terminal
    for i in range(40):
        now[0] += 0.1 if i < 20 else 11.0                       # slow from the 21st notebook on
        bar.update("graded" if i % 8 else "failed-unreadable")
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "grading: 4/40 submissions (1 failed-unreadable, 3 graded), 0 s elapsed, about 4 s left"
    assert lines[1].startswith("grading: 8/40")                  # every 4th (a tenth of the batch)...
    assert lines[5].startswith("grading: 21/40")                 # ...or every 10 s
    assert lines[-1] == "grading: 40/40 submissions (5 failed-unreadable, 35 graded), 3 min 42 s elapsed, done"
    assert isinstance(progress.start(5, False, stream), progress.Silent)


# ---- the class report over the project's grading corpus -------------------------------------------------
@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    write_corpus(base / "submissions", base / "out")
    done = grade("grade", base / "submissions", "--out", base / "out", "--roster", base / "roster.csv",
                 "--timeout", 5, "--workers", 2)
    assert done.returncode == 0, done.stderr[-3000:]
    return base / "out"


def test_grading_the_corpus_writes_the_report_and_item_analysis(corpus_report):
    out = corpus_report
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link)\b[^>]*(src|href)=["']https?:""", page)
    rows = read_csv(out / "item_analysis.csv")
    items = {r["exercise"]: r for r in rows if r["section"] == "item"}
    assert set(items) == {ex.id for ex in registry.chapter(CHAPTER) if judge.is_auto(ex)}
    for r in items.values():
        assert 0 <= float(r["mean_share"]) <= 1 and r["reading"]
    mis = [r for r in rows if r["section"] == "misconception"]
    assert any(r["exercise"] == "ch1.occupancy-h1" and "share of receptors still free" in r["detail"] for r in mis)
    assert any(r["section"] == "code-case" and r["kind"] == "no ValueError" for r in rows)
    grades = {r["student_id"]: r for r in read_csv(out / "grades.csv")}
    assert "public default numbers" in grades["1026"]["copy_signals"]     # answered the book's numbers
    honest = [sid for sid in ("1001", "1002", "1003", "1004", "1017", "1025") if grades[sid]["copy_signals"]]
    assert honest == []
    # the numbers in the page are the CSV's
    occ = items["ch1.occupancy-h1"]
    assert f"{float(occ['discrimination']):.2f}" in page


@pytest.mark.browser
def test_report_opens_offline_in_chromium_with_every_section_and_no_serious_axe_issue(corpus_report):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside, errors = [], []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else (outside.append(route.request.url), route.abort()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((corpus_report / "report.html").as_uri(), wait_until="load")
        page.wait_for_selector("#fig-distribution svg.main-svg", timeout=15000)
        for fig in ("fig-distribution", "fig-items", "fig-misconceptions", "fig-code-cases"):
            assert page.locator(f"#{fig} svg.main-svg").count() >= 1, fig
            assert page.locator(f"#{fig} .gtitle").text_content().strip(), fig            # titled
            assert page.locator(f"#{fig} .xtitle").first.text_content().strip(), fig            # labelled axes
            assert page.locator(f"#{fig} .ytitle").first.text_content().strip(), fig
            assert "What to notice" in page.locator(f"#{fig}-caption").inner_text()
        graded = page.evaluate("document.getElementById('fig-distribution').data[0].y.reduce((a, b) => a + b, 0)")
        import csv

        with open(corpus_report / "grades.csv", newline="", encoding="utf-8") as fh:
            expected = sum(r["status"].startswith("graded") for r in csv.DictReader(fh))
        assert graded == expected                             # every graded student is in a bar, 100% too
        from exercises import registry
        from exercises.core import FreeText

        auto = [e for e in registry.chapter("ch1") if not isinstance(e, FreeText)]
        assert page.locator("#item-table tbody tr").count() == len(auto)
        assert "share of receptors still free" in page.locator("#misconception-ranking").inner_text()
        attention = page.locator("#needs-attention").inner_text()
        assert "1012" in attention and "1026" in attention and "copy signal" in attention
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        assert bad == []
        assert outside == [] and errors == []
        browser.close()
