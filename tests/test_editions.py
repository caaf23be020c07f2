"""Student and teacher editions: no solution or answer key leaks into the student's files."""
import csv
import json

import nbformat
import pytest

from exercises import editions, registry
from exercises.core import Numeric


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _all_text(folder):
    """Every file's text; notebooks decoded, so escaped JSON cannot hide a leak."""
    parts = []
    for p in folder.rglob("*"):
        if p.is_file():
            raw = p.read_text(encoding="utf-8")
            parts.append(raw)
            if p.suffix == ".ipynb":
                nb = json.loads(raw)
                parts.extend("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                             for c in nb["cells"])
                parts.extend(_strings(nb))
    return "\n".join(parts)


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,seed\nalice01,Alice,11\nbob02,Bob,\n", encoding="utf-8")
    return path


def test_student_edition_per_student_has_no_solutions_or_keys(tmp_path, roster):
    out = tmp_path / "students"
    assert editions.main(["student", "--out", str(out), "--roster", str(roster)]) == 0
    text = _all_text(out)
    for ex in registry.all_exercises().values():
        solution = ex.solution_text()
        assert solution and solution not in text, ex.id
    assert '"correct": true' not in text and "jq-" not in text  # no self-check answer data
    assert "answer-key" not in text
    alice = nbformat.read(next((out / "per-student" / "alice01").glob("ch1*.ipynb")), as_version=4)
    bob = nbformat.read(next((out / "per-student" / "bob02").glob("ch1*.ipynb")), as_version=4)
    assert alice.cells[0].cell_type == "markdown" and "Alice (alice01)" in alice.cells[0].source
    assert "bob02" in bob.cells[0].source
    setup = lambda nb: next(c.source for c in nb.cells if "exercises.start" in c.source)
    assert 'exercises.start("ch1", seed=11)' in setup(alice)
    assert f'seed={editions.seed_for("bob02")}' in setup(bob)
    assert all(not c.get("outputs") for c in alice.cells if c.cell_type == "code")
    asks = [c.source for c in alice.cells if "ex.ask(" in c.source]
    assert len(asks) == len(registry.chapter("ch1"))
    assert any('answer="")' in s for s in asks) and any("def occupancy_fraction" in s for s in asks)


def test_teacher_edition_has_worked_solutions_and_a_key_per_student(tmp_path, roster):
    out = tmp_path / "teacher"
    assert editions.main(["teacher", "--out", str(out), "--roster", str(roster)]) == 0
    text = _all_text(out)
    for ex in registry.chapter("ch1"):
        assert ex.solution_text() in text
    with open(out / "answer-key.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    occ = [r for r in rows if r["exercise"] == "ch1.occupancy-h1"]
    ex = registry.get("ch1.occupancy-h1")
    assert float(occ[0]["expected"]) == pytest.approx(ex.expected(ex.params(11)), rel=1e-3)


def test_bad_rosters_are_refused_with_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,seed\nalice,1\nalice,2\n", encoding="utf-8")
    assert editions.main(["student", "--out", str(tmp_path / "o"), "--roster", str(bad)]) == 2
    assert "line 3" in capsys.readouterr().out
    bad.write_text("student_id,seed\nalice,abc\n", encoding="utf-8")
    assert editions.main(["student", "--out", str(tmp_path / "o"), "--roster", str(bad)]) == 2
    bad.write_text("name\nalice\n", encoding="utf-8")
    assert editions.main(["student", "--out", str(tmp_path / "o"), "--roster", str(bad)]) == 2


def test_a_student_notebook_runs_and_records_answers(tmp_path):
    """The student edition executes as handed out (empty answers are not attempts)."""
    from nbclient import NotebookClient

    out = tmp_path / "s"
    editions.write_student(out, [{"student_id": "x1", "name": "", "seed": 3}])
    path = next((out / "per-student" / "x1").glob("ch1*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if 'ex.ask("ch1.occupancy-h1"' in c.source)
    ex = registry.get("ch1.occupancy-h1")
    cell.source = cell.source.replace('answer=""', f'answer="{ex.expected(ex.params(3)):.2f} %"')
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
    from exercises.record import answers_in_notebook

    assert answers_in_notebook(nb)["ch1.occupancy-h1"]["seed"] == 3
    html = json.dumps([o for o in cell.outputs])
    assert "Right" in html


def test_generic_and_per_student_editions_stay_apart_and_a_rerun_replaces(tmp_path, roster):
    out = tmp_path / "editions"
    assert editions.main(["student", "--out", str(out)]) == 0
    assert editions.main(["student", "--out", str(out), "--roster", str(roster)]) == 0
    generic = sorted(p.name for p in (out / "generic").iterdir() if not p.name.startswith("."))
    assert generic == sorted(p.name for p in editions.chapter_notebooks())       # no student folders in it
    assert sorted(p.name for p in (out / "per-student").iterdir() if p.is_dir()) == ["alice01", "bob02"]
    first = nbformat.read(next((out / "generic").glob("ch1*.ipynb")), as_version=4).cells[0]
    assert "Student edition for" not in first.source                              # the generic one has no name
    smaller = tmp_path / "one.csv"
    smaller.write_text("student_id,name,seed\nbob02,Bob,5\n", encoding="utf-8")
    assert editions.main(["student", "--out", str(out), "--roster", str(smaller)]) == 0
    assert [p.name for p in (out / "per-student").iterdir() if p.is_dir()] == ["bob02"]   # replaced, not mixed
    foreign = tmp_path / "mine"
    (foreign / "per-student").mkdir(parents=True)
    (foreign / "per-student" / "notes.txt").write_text("the teacher's own file", encoding="utf-8")
    assert editions.main(["student", "--out", str(foreign), "--roster", str(roster)]) == 2
    assert (foreign / "per-student" / "notes.txt").exists()                      # never deleted
