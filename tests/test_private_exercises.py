"""A teacher's private bank: its questions reach the student edition without their answers, a student's
kernel saves their answers unjudged, and only the grader with ``--private`` scores them."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from exercises import editions, registry
from exercises.grading.safe_text import md_inline
from exercises.record import ANSWER_MIME, answers_in_notebook
from exercises.session import Session

ROOT = Path(__file__).resolve().parents[1]
SECRETS = ["SECRET-HINT-7f3", "SECRET-SOLUTION-7f3", "SECRET-MISCONCEPTION-7f3", "SECRET-FEEDBACK-7f3",
           "SECRET-RUBRIC-7f3"]
BANK = '''
from exercises.core import Choice, Code, FreeText, Misconception, Numeric

def _dose_variant(rng):
    return {"target_mg_l": float(rng.choice([0.23, 0.31, 0.47]))}

EXERCISES = [
    Numeric(id="ch1.private-loading-dose", chapter="ch1", title="A loading dose", points=2,
            objective="Compute a dose from a target concentration",
            prompt="Target [[target_mg_l:g]] mg/L, volume of distribution 83.7 L: what loading dose?",
            defaults={"target_mg_l": 0.31}, variant=_dose_variant, unit="mg",
            answer=lambda p: p["target_mg_l"] * 83.7,
            misconceptions=[Misconception(lambda p: p["target_mg_l"] / 83.7, "SECRET-MISCONCEPTION-7f3")],
            hints=["SECRET-HINT-7f3"], solution="SECRET-SOLUTION-7f3"),
    Choice(id="ch1.private-receptor", chapter="ch1", title="The sedating receptor", points=1,
           objective="Name the receptor behind sedation", prompt="Which blockade sedates most?",
           options=["Histamine H1", "Adrenergic alpha2", "Serotonin 5-HT3"], correct=[0],
           option_feedback={1: "SECRET-FEEDBACK-7f3"}, solution="SECRET-SOLUTION-7f3"),
    FreeText(id="ch1.private-explain", chapter="ch1", title="Explain it", points=2, objective="Explain",
             prompt="Explain in your own words.", rubric=["SECRET-RUBRIC-7f3"], min_words=3),
    Code(id="ch1.private-clearance", chapter="ch1", title="Clearance", points=2, objective="Write CL = dose/AUC",
         prompt="Write clearance_l_h(dose_mg, auc_mg_h_l).", function_name="clearance_l_h",
         reference=lambda dose, auc: dose / auc, fixed_cases=[(7.77, 3.33), (12.5, 0.25)]),
]
AFTER = {"ch1.private-receptor": "ch1.receptor-effect"}
'''


@pytest.fixture
def bank(tmp_path) -> Path:
    path = tmp_path / "teacher" / "private_ch1.py"
    path.parent.mkdir()
    path.write_text(BANK, encoding="utf-8")
    return path


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,seed\n4101,Ana Silva,5\n4102,Ben Ode,9\n", encoding="utf-8")
    return path


def _text(path: Path) -> str:
    """A notebook's file text plus every cell source and string, decoded (escaped JSON hides nothing)."""
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    return "\n".join([raw, *("".join(c["source"]) for c in nb["cells"]), json.dumps(nb, ensure_ascii=False)])


def leaks(folder: Path, private: registry.PrivateBank, seeds: list[int | None]) -> list[str]:
    """What of the private bank beyond the questions is in ``folder``: secrets, and each variant's answer
    and misconception value."""
    text = "\n".join(_text(p) for p in folder.rglob("*.ipynb"))
    wanted = list(SECRETS) + [private.path.name, str(private.path.parent), "7.77", "dose / auc"]
    for ex in private.exercises:
        wanted += [h for h in ex.hints] + ([ex.solution] if ex.solution else [])
        if hasattr(ex, "expected"):
            for seed in seeds:
                params = ex.params(seed)
                wanted += [f"{ex.expected(params):g}", f"{ex.misconceptions[0].value(params):.4g}"]
    return sorted({w for w in wanted if w in text})


def _ch1(folder: Path):
    return nbformat.read(next(folder.glob("ch1*.ipynb")), as_version=4)


def _asks(nb, exercise_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'ex.ask("{exercise_id}"' in c.source)


def test_the_student_edition_asks_private_questions_without_their_answers(tmp_path, bank, roster):
    out = tmp_path / "ed"
    assert editions.main(["student", "--out", str(out), "--roster", str(roster), "--private", str(bank)]) == 0
    private = registry.read_private(bank)
    assert leaks(out, private, [5, 9]) == []
    dose, receptor, explain, clearance = private.exercises
    for sid, seed in (("4101", 5), ("4102", 9)):
        nb = _ch1(out / "per-student" / sid)
        question = nb.cells[_asks(nb, dose.id) - 1].source
        assert dose.text(dose.params(seed)) in question and "checked after you submit" in question
        assert "a number in mg" in question
        assert nb.cells[_asks(nb, dose.id)].source == editions.answer_cell_source(dose)
        choice = nb.cells[_asks(nb, receptor.id) - 1].source
        assert "A. Histamine H1\nB. Adrenergic alpha2\nC. Serotonin 5-HT3" in choice
        assert _asks(nb, receptor.id) == _asks(nb, "ch1.receptor-effect") + 2          # AFTER places it
        last_public = max(_asks(nb, ex.id) for ex in registry.chapter("ch1"))
        heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Questions checked after"))
        assert heading == last_public + 1 and _asks(nb, dose.id) == heading + 2      # default: after the last
        assert _asks(nb, explain.id) == heading + 4 and _asks(nb, clearance.id) == heading + 6
        assert nb.cells[heading + 7].source.startswith("## Summary")
        assert "def clearance_l_h(*args)" in nb.cells[heading + 6].source
    assert dose.params(5) != dose.params(9)                                           # own variants, checked
    for other in (out / "per-student" / "4101").glob("ch[234]*.ipynb"):
        assert "private-" not in other.read_text(encoding="utf-8")


def test_a_planted_leak_is_caught(tmp_path, bank, monkeypatch):
    private = registry.read_private(bank)
    real = editions.private_question_markdown
    monkeypatch.setattr(editions, "private_question_markdown",
                        lambda ex, seed: real(ex, seed) + "\n\n" + "\n".join(ex.hint_texts()))
    editions.write_student(tmp_path / "leaky", None, private)
    assert leaks(tmp_path / "leaky", private, [None]) == ["SECRET-HINT-7f3"]
    monkeypatch.setattr(editions, "private_question_markdown",
                        lambda ex, seed: real(ex, seed) + (f" ({ex.expected():g})" if hasattr(ex, "expected") else ""))
    editions.write_student(tmp_path / "leaky2", None, private)
    assert leaks(tmp_path / "leaky2", private, [None]) == [f"{private.exercises[0].expected():g}"]


def test_without_private_nothing_changes_and_the_teacher_gets_the_key(tmp_path, bank, roster):
    plain, cases_only, with_bank = tmp_path / "plain", tmp_path / "cases", tmp_path / "with"
    assert editions.main(["student", "--out", str(plain)]) == 0
    assert "private-" not in _text(next((plain / "generic").glob("ch1*.ipynb")))
    hidden = tmp_path / "teacher" / "hidden_cases.py"
    hidden.write_text("EXTRA_CASES = {'ch1.code-occupancy': [(4.0, 1.0)]}\n", encoding="utf-8")
    assert editions.main(["student", "--out", str(cases_only), "--private", str(hidden)]) == 0
    for path in (plain / "generic").glob("*.ipynb"):   # hidden cases only: the edition is byte for byte the same
        assert (cases_only / "generic" / path.name).read_bytes() == path.read_bytes()
    assert editions.main(["teacher", "--out", str(with_bank), "--roster", str(roster), "--private", str(bank)]) == 0
    nb = _ch1(with_bank)
    dose = registry.read_private(bank).exercises[0]
    key = nb.cells[_asks(nb, dose.id) + 1].source
    assert key.startswith(f"**Worked solution ({dose.id}") and f"Key: {dose.expected():.4g} (mg)" in key
    assert "SECRET-SOLUTION-7f3" in key
    assert "Key: A." in nb.cells[_asks(nb, "ch1.private-receptor") + 1].source
    with open(with_bank / "answer-key.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["exercise"] == dose.id]
    assert [(r["student_id"], float(r["expected"])) for r in rows] == [
        ("4101", pytest.approx(dose.expected(dose.params(5)), rel=1e-3)),
        ("4102", pytest.approx(dose.expected(dose.params(9)), rel=1e-3))]


NUMERIC = ('from exercises.core import Numeric\n'
           'EXERCISES = [Numeric(id={!r}, chapter={!r}, objective="o", prompt="p", answer=lambda p: 1.0)]\n')


@pytest.mark.parametrize("name, text, message", [
    ("bank.txt", BANK, "is not a Python file (.py)"),
    ("bank.py", "EXERCISES = [Numeric(id='ch1.private-x'\n", "is not valid Python (line 1"),
    ("bank.py", "import no_such_module_here\n", "failed to load: ModuleNotFoundError"),
    ("bank.py", "QUESTIONS = []\n", "defines neither EXERCISES"),
    ("bank.py", "EXERCISES = ['ch1.private-x']\n", "holds str, not an exercise"),
    ("bank.py", NUMERIC.format("ch1.occupancy-h1", "ch1"), "'ch1.occupancy-h1' is already used by a public exercise"),
    ("bank.py", NUMERIC.format("ch9.private-x", "ch9"), "'ch9.private-x' is for chapter 'ch9', which is not a "
                                                        "course chapter"),
    ("bank.py", NUMERIC.format("ch1.private-x", "ch2"), "which is not a course chapter or not the chapter its id"),
    ("bank.py", NUMERIC.format("ch1.extra-dose", "ch1"), "must look like 'ch1.private-dose'"),
    ("bank.py", NUMERIC.format("ch1.private-x", "ch1") + "AFTER = {'ch1.private-x': 'ch2.ssri-vs'}\n",
     "AFTER maps an exercise of this file to a public exercise of the same chapter"),
    ("bank.py", "EXTRA_CASES = {'ch1.occupancy-h1': [(1, 2)]}\n", "which is not a code exercise"),
])
def test_bad_private_files_are_refused_with_a_clear_message(tmp_path, capsys, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert editions.main(["student", "--out", str(tmp_path / "o"), "--private", str(path)]) == 2
    said = capsys.readouterr().out
    assert said.startswith("error: ") and message in said, said
    assert not (tmp_path / "o").exists()


def test_the_grader_refuses_a_bad_private_file_before_running_anything(tmp_path):
    missing = tmp_path / "nowhere.py"
    (tmp_path / "subs").mkdir()
    done = subprocess.run([sys.executable, "-m", "exercises", "grade", str(tmp_path / "subs"), "--out",
                           str(tmp_path / "out"), "--private", str(missing)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "cannot load the private bank" in done.stderr and "does not exist" in done.stderr


def test_a_kernel_saves_a_private_answer_unjudged_and_a_typo_gets_a_did_you_mean():
    session = Session("ch1", seed=5)
    view = session.ask("ch1.private-loading-dose", answer="25.9 mg")
    bundle = view._repr_mimebundle_()
    assert bundle[ANSWER_MIME] == {"exercise": "ch1.private-loading-dose", "answer": "25.9 mg", "seed": 5,
                                   "origin": "cell"}
    assert "Saved — checked after you submit" in bundle["text/plain"]
    assert not any(word in bundle["text/html"].lower() for word in ("correct", "not quite", "right"))
    assert "No answer yet" in session.ask("ch1.private-loading-dose", answer="")._repr_mimebundle_()["text/plain"]
    with pytest.raises(KeyError, match=r"did you mean \['ch1.occupancy-h1'"):
        session.ask("ch1.occupancy-hl", answer="1")
    with pytest.raises(ValueError, match="belongs to ch2, not ch1"):
        session.ask("ch2.private-dose", answer="1")


def _grade(subs: Path, out: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exercises", "grade", str(subs), "--out", str(out), *map(str, extra)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def _row(out: Path, sid: str) -> dict:
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["student_id"] == sid)


def test_end_to_end_a_private_answer_is_judged_only_by_the_grader_with_the_bank(tmp_path, bank, roster):
    from nbclient import NotebookClient

    out = tmp_path / "ed"
    assert editions.main(["student", "--out", str(out), "--roster", str(roster), "--private", str(bank)]) == 0
    private = registry.read_private(bank)
    dose = private.exercises[0]
    right = f"{dose.expected(dose.params(5)):.4g} mg"
    folder = out / "per-student" / "4101"
    path = next(folder.glob("ch1*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    fills = {"ch1.private-loading-dose": right, "ch1.private-receptor": "B",
             "ch1.private-explain": "Histamine blockade makes people sleepy."}
    for exercise_id, answer in fills.items():
        cell = nb.cells[_asks(nb, exercise_id)]
        cell.source = cell.source.replace('answer="")', f'answer="{answer}")').replace(
            'answer="""\n\n""")', f'answer="""{answer}""")')
        assert answer in cell.source
    code = nb.cells[_asks(nb, "ch1.private-clearance")]
    code.source = code.source.replace("return None", "return args[0] / args[1]")
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    shown = nb.cells[_asks(nb, "ch1.private-receptor")].outputs
    assert "Saved — checked after you submit" in json.dumps(shown, ensure_ascii=False)
    saved = answers_in_notebook(nb)
    assert {k: saved[k]["answer"] for k in fills} == fills
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nb, subs / "4101_ch1.ipynb")

    graded = _grade(subs, tmp_path / "with", "--roster", roster, "--private", bank)
    assert graded.returncode == 0, graded.stderr[-3000:]
    row = _row(tmp_path / "with", "4101")
    public_max = sum(ex.points for ex in registry.chapter("ch1") if ex.kind != "free-text")
    assert row["status"] == "graded", row
    assert (row["ch1.private-loading-dose"], row["ch1.private-receptor"], row["ch1.private-explain"]) == ("2", "0", "")
    assert "ch1.private-explain: recorded" in row["written_status"]
    assert row["ch1.private-clearance"] == "2"                    # its cases reach the function only here
    assert (float(row["total"]), float(row["max"])) == (4.0, public_max + 5)
    assert _row(tmp_path / "with", "4102")["status"] == "missing"
    with open(tmp_path / "with" / "free_text.csv", newline="", encoding="utf-8") as fh:
        text = [r for r in csv.DictReader(fh) if r["exercise"] == "ch1.private-explain"]
    assert [(r["student_id"], r["answer"]) for r in text] == [("4101", fills["ch1.private-explain"])]

    plain = _grade(subs, tmp_path / "without", "--roster", roster)
    assert plain.returncode == 0, plain.stderr[-3000:]
    row = _row(tmp_path / "without", "4101")
    assert not any(k.startswith("ch1.private-") for k in row)
    assert row["status"] == "graded" and (float(row["total"]), float(row["max"])) == (0.0, public_max)
    ids = "ch1.private-clearance, ch1.private-explain, ch1.private-loading-dose, ch1.private-receptor"
    assert f"answered private exercises ({ids}) that were NOT judged" in plain.stderr
    feedback = (tmp_path / "without" / "feedback" / "4101.md").read_text(encoding="utf-8")
    assert md_inline(f"answers to private exercises ({ids}) were recorded but NOT judged and are not in the total: "
                     "grade with --private BANK.py to score them") in feedback      # Markdown-escaped, as all notes
    summary = (tmp_path / "without" / "summary.md").read_text(encoding="utf-8")
    assert "## Answers to private exercises NOT judged" in summary and f"- 4101: {md_inline(ids)}" in summary
