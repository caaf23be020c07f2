"""The class grader against an adversarial corpus (tests/grading_corpus.py), an interrupted run, the
fallback sandboxes, and the pieces that handle untrusted input."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grading_corpus import CHAPTER, ask_cells, correct_answers, notebook, setup_cell, write_class, write_corpus

from exercises.grading import answers, notebooks, public, sandbox, sources
from exercises.grading.runner import CappedSink, compile_cell

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHEATS = ["1002", "1005", "1006", "1007", "1008", "1011", "1026", "1027", "1028", "1033"]


def grade(*args, timeout=300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "exercises", "grade", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


def read_grades(out: Path) -> dict[str, dict]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    out = base / "out"
    expects = write_corpus(base / "submissions", out)
    done = grade(base / "submissions", "--out", out, "--roster", base / "roster.csv", "--timeout", 8,
                 "--cell-timeout", 3, "--workers", 2)
    assert done.returncode == 0, done.stderr[-3000:]
    return base, out, expects, done


def test_every_submission_is_graded_as_expected_or_flagged(corpus):
    base, out, expects, done = corpus
    grades = read_grades(out)
    summary = json.loads((out / "summary.json").read_text())
    db = sqlite3.connect(out / "grading.sqlite")
    payloads = {sid: json.loads(p) for sid, p in db.execute("SELECT student_id, payload FROM results")}
    assert set(expects) <= set(grades)
    for sid, expect in expects.items():
        row, payload = grades[sid], payloads[sid]
        assert row["status"] == expect.status, (sid, row["status"], row["reason"])
        assert row["file"] == expect.file
        if expect.total is None:
            assert row["total"] == "" and row["reason"], sid
        else:
            assert float(row["total"]) == pytest.approx(expect.total, abs=1e-3), (sid, row)
            assert float(row["max"]) == 16
        said = row["reason"] + " " + " ".join(payload["notes"])
        assert expect.reason in said, (sid, expect.reason, said)
    assert grades["1999"]["status"] == "missing"
    assert summary["counts"]["graded"] >= 10 and sum(summary["counts"].values()) == len(grades)
    assert any("1001: kept okafordaniel_1001_5" in d and "4999" in d for d in summary["duplicates"])
    assert all(r["reason"] for r in summary["not_graded"])
    if shutil.which("bwrap"):
        assert summary["sandbox"].startswith("bwrap")
    assert done.stdout.startswith("ch1: ")


def test_cheats_gain_nothing_and_grader_files_stay_out_of_reach(corpus):
    base, out, expects, _ = corpus
    grades = read_grades(out)
    for sid in CHEATS:  # the engine's own verdict on the answers each cheat really gave
        assert float(grades[sid]["total"]) <= expects[sid].total + 1e-9, sid
    assert float(grades["1002"]["total"]) == 0         # no answer key in the sandbox: the solver finds nothing
    assert float(grades["1006"]["total"]) < 1          # forged scores, fake results, patched checkers
    assert float(grades["1005"]["total"]) < 16         # math.isclose patched in the student's process
    assert float(grades["1026"]["total"]) < 16         # seed changed to the public variant: roster wins
    db = sqlite3.connect(out / "grading.sqlite")
    assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(expects)
    assert db.execute("SELECT MAX(total) FROM results").fetchone()[0] <= 16
    assert db.execute("SELECT COUNT(*) FROM results WHERE payload = '{}'").fetchone()[0] == 0
    assert grades["1007"]["total"] == "2" and grades["1007"]["status"] == "graded"
    with open(out / "free_text.csv", newline="", encoding="utf-8") as fh:
        spy = next(r for r in csv.DictReader(fh) if r["student_id"] == "1008")
    assert "leaked=[]" in spy["answer"], spy["answer"][:500]   # bank, .pyc, grader files, other answers
    assert "net=blocked" in spy["answer"] and "uid=0 " not in spy["answer"]
    assert grades["zz_unknown_person_ch1"]["status"] == "failed-not-in-roster" and grades["zz_unknown_person_ch1"]["total"] == ""
    with open(out / "canvas.csv", newline="") as fh:  # no LMS grade for a file that matches no roster row
        assert all(r[4] == "" for r in csv.reader(fh) if "zz_unknown" in ",".join(r))
    assert "matches no roster row" in corpus[3].stderr


def test_reports_for_teacher_students_and_lms(corpus):
    base, out, expects, _ = corpus
    partial = (out / "feedback" / "1003.md").read_text()
    assert "# Feedback on ch1" in partial and "Score: " in partial
    assert "share of receptors still free" in partial      # the misconception message
    assert "Hint: Occupancy = C / (C + Ki)" in partial      # the first hint, for a wrong answer
    assert "```text\n15 mg\n```" in (out / "feedback" / "1004.md").read_text()
    assert "timed out after 8 s" in (out / "feedback" / "1035.md").read_text()
    free = (out / "free_text.md").read_text()
    assert "Rubric:" in free and "H1 occupancy is already near its maximum" in free
    assert "Daniel Okafor" in free
    with open(out / "canvas.csv", newline="") as fh:
        canvas = list(csv.reader(fh))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch1 exercises"]
    by_id = {r[1]: r for r in canvas[1:]}
    assert by_id["1001"][5] == "16" and by_id["1019"][5] == ""     # a failure is not a silent zero
    assert (out / "report.html").exists() and (out / "item_analysis.csv").exists()
    with open(out / "moodle.csv", newline="") as fh:
        assert next(csv.reader(fh))[:4] == ["Identifier", "Full name", "Email address", "Grade"]
    assert "yours took longer than 2 s" in (out / "feedback" / "1038.md").read_text()  # a hanging function
    spoof = (out / "feedback" / "1036.md").read_text()
    assert spoof.count("**Score:") == 1 and r"\*\*Score: 16 of 16 points\*\*" in spoof
    assert "\n=HYPERLINK" not in (out / "grades.csv").read_text()
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        reason = next(r for r in csv.DictReader(fh) if r["student_id"] == "1036")["reason"]
    assert "\n" not in reason and "HYPERLINK" in reason
    summary = (out / "summary.md").read_text()
    for needle in ("Counts by status", "failed-unreadable", "timed out after 8 s in cell", "Slowest",
                   "Duplicate submissions", "Sandbox:", "Limits per submission: cgroup" if os.geteuid() == 0 else
                   "Limits per submission"):
        assert needle in summary


def test_killed_run_resumes_without_loss_or_doubles_and_one_student_regrades(tmp_path):
    subs = tmp_path / "subs"
    expects = write_class(subs, 8, broken=False, pause=0.2)
    whole = subprocess.Popen([PYTHON, "-m", "exercises", "grade", str(subs), "--out", str(tmp_path / "whole")],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    out = tmp_path / "resumed"
    proc = subprocess.Popen([PYTHON, "-m", "exercises", "grade", str(subs), "--out", str(out), "--workers", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path, stored, deadline = out / "grading.sqlite", 0, time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db_path.exists():
            try:
                stored = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM results").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 3 <= stored < len(expects)
    assert not (out / "grades.csv").exists()
    work = Path(sqlite3.connect(db_path).execute("SELECT value FROM meta WHERE key = 'workroot'").fetchone()[0])
    assert work.exists()  # the killed run's scratch folder, removed by the next run
    again = grade(subs, "--out", out, "--workers", 1)
    assert again.returncode == 0, again.stderr[-2000:]
    assert whole.wait(timeout=300) == 0, whole.stderr.read()[-2000:]
    assert (out / "grades.csv").read_text() == (tmp_path / "whole" / "grades.csv").read_text()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["from_store"] >= 3 and summary["from_store"] + summary["graded_now"] == len(expects)
    assert not work.exists()
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(expects)
    grades = read_grades(out)
    for sid, expect in expects.items():
        assert float(grades[sid]["total"]) == pytest.approx(expect.total, abs=1e-3)
    one = grade(subs, "--out", out, "--workers", 1, "--student", "2003")
    assert one.returncode == 0, one.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["graded_now"] == 1 and summary["from_store"] == len(expects) - 1
    assert (out / "grades.csv").read_text() == (tmp_path / "whole" / "grades.csv").read_text()


def test_without_bubblewrap_student_code_runs_only_when_asked_and_reports_say_unsafe(tmp_path):
    corpus = tmp_path / "corpus"
    out = tmp_path / "out"
    expects = write_corpus(corpus / "all", out, slow=False)
    keep = {"1001", "1015", "1029"}
    subs = tmp_path / "subs"
    subs.mkdir()
    for sid in keep:
        shutil.copy(corpus / "all" / expects[sid].file, subs / expects[sid].file)
    no_bwrap = {**os.environ, "PATH": str(Path(PYTHON).parent)}  # a machine without bubblewrap
    refused = grade(subs, "--out", out, "--roster", corpus / "roster.csv", env=no_bwrap)
    assert refused.returncode == 2 and "refusing to run student code without a sandbox" in refused.stderr
    assert "--unsafe-no-sandbox" in refused.stderr and not (out / "grades.csv").exists()
    done = grade(subs, "--out", out, "--roster", corpus / "roster.csv", "--timeout", 8, "--unsafe-no-sandbox",
                 env=no_bwrap)
    if os.geteuid() == 0 and not sandbox._world_reachable(sandbox.readonly_paths()):
        # student code never runs as uid 0, not even when the teacher waives the sandbox
        assert done.returncode == 2 and "refusing to run student code as root" in done.stderr
        return
    assert done.returncode == 0, done.stderr[-3000:]
    assert "UNSAFE" in done.stderr
    grades = read_grades(out)
    for sid in keep:
        assert grades[sid]["status"] == expects[sid].status, (sid, grades[sid])
        assert float(grades[sid]["total"]) == pytest.approx(expects[sid].total, abs=1e-3)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["unsafe"] and summary["sandbox"].startswith("process (UNSAFE")
    assert "UNSAFE" in (out / "summary.md").read_text()
    assert all("UNSAFE" in (out / "feedback" / f"{sid}.md").read_text() for sid in keep)
    time.sleep(0.5)
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit() and b"course-grading-" in _cmdline(p)]
    assert not left, "a student's background process outlived the batch"


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_lms_names_roster_and_duplicates(tmp_path):
    nb = notebook([setup_cell(None)]).encode()
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Jane Smith_1234_assignsubmission_file_/ch1.ipynb", nb)
        z.writestr("José Núñez_1240_assignsubmission_file_/ch1.ipynb", nb)
        z.writestr("smithjane_555_901_ch1.ipynb", nb)
        z.writestr("ch1_leek_attempt_2024-03-01-10-15-00_ch1.ipynb", nb)
        z.writestr("ch1_leek_attempt_2024-03-02-09-00-00_ch1.ipynb", nb)
        z.writestr("__MACOSX/._junk", b"x")
        z.writestr("../escape.ipynb", nb)
    subs = sources.collect(archive)
    names = {s.name: s for s in subs}
    assert "__MACOSX/._junk" not in names and "../escape.ipynb" not in names
    moodle = names["Jane Smith_1234_assignsubmission_file_/ch1.ipynb"]
    assert (moodle.moodle_id, moodle.display_name) == ("1234", "Jane Smith")
    assert names["smithjane_555_901_ch1.ipynb"].canvas_id == "555"
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("student_id,name,seed\nS1,Jane Smith,41\nS2,Jose Nunez,\nS3,Kim Lee,7\nS4,Nobody,\n")
    missing = sources.match_roster(subs, sources.read_roster(roster_file))
    assert moodle.student_id == "S1" and moodle.roster_seed == 41
    assert names["José Núñez_1240_assignsubmission_file_/ch1.ipynb"].student_id == "S2"
    assert names["smithjane_555_901_ch1.ipynb"].student_id == "S1"   # Canvas login 'smithjane'
    assert [e.student_id for e in missing] == ["S3", "S4"]            # 'leek' is not Kim Lee
    kept, report = sources.latest_per_student(subs)
    assert sum(1 for s in kept if s.student_id == "S1") == 1
    leek = [s for s in kept if s.key == "leek"]
    assert len(leek) == 1 and "2024-03-02" in leek[0].name
    assert any("by time stamp in the file name" in r for r in report)


def test_notebook_read_statically(tmp_path):
    marker = tmp_path / "executed"
    cells = ['%matplotlib inline\nimport exercises\n'
             f'ex = exercises.start("ch1", seed=__import__("os").system("touch {marker}"))',
             'ex.ask("ch1.occupancy-h1", answer="50 %")', "!ls\nx = 1?"]
    info = notebooks.read(notebook(cells).encode(), "a.ipynb")
    assert not marker.exists()
    assert info.chapter() == "ch1" and info.seed() is None and any("not a plain number" in n for n in info.notes)
    assert info.asked == ["ch1.occupancy-h1"] and [i for i, _ in info.cells] == [2, 3, 4]
    info = notebooks.read(notebook(['import exercises as e\nex = e.start("ch1", 99)']).encode(), "b.ipynb")
    assert info.seed() == 99
    for data, reason in ((b"", "empty"), (b"{", "corrupt"), (b"[1, 2]", "not a notebook"),
                         (b'{"cells": NaN}', "corrupt"), (b"\x89PNG\r\n\x1a\n\x00", "binary")):
        with pytest.raises(notebooks.Unreadable, match=reason):
            notebooks.read(data, "x.ipynb")


def test_answers_file_is_untrusted_data():
    lines = [
        json.dumps({"exercise": "ch1.occupancy-h1", "kind": "numeric", "answer": "10 %"}),
        json.dumps({"exercise": "ch1.occupancy-h1", "kind": "numeric", "answer": "75 %", "score": 99}),
        '{"exercise": "ch1.steady-state-days", "kind": "numeric", "answer": Infinity}',
        json.dumps({"exercise": "ch1.accumulation-ratio", "kind": "free-text", "answer": "2"}),
        json.dumps({"exercise": "ch2.other", "kind": "numeric", "answer": 1}),
        "x" * 300_000,
        "[1, 2, 3]",
        json.dumps({"exercise": "ch1.receptor-effect", "kind": "choice", "answer": [[[[[["A"]]]]]] + ["B"] * 500}),
        json.dumps({"exercise": "ch1.code-occupancy", "kind": "code",
                    "results": [{"value": True}, {"value": 10 ** 400}, {"raises": "ValueError"}, "junk", {}]}),
        json.dumps({"exercise": "ch1.titration-step", "kind": "choice", "answer": "A" * 100_000}),
    ]
    parsed = answers.parse("\n".join(lines), CHAPTER)
    assert parsed.records["ch1.occupancy-h1"] == {"answer": "75 %"}   # a "score" in the line is dropped
    assert "ch1.steady-state-days" not in parsed.records                # Infinity is not JSON
    assert parsed.records["ch1.accumulation-ratio"] == {"answer": "2"}  # the kind is the bank's, not the line's
    assert len(parsed.records["ch1.receptor-effect"]["answer"]) == answers.MAX_ITEMS
    assert parsed.records["ch1.code-occupancy"] == {"function": False}  # "results" in a line count for nothing
    assert len(parsed.records["ch1.titration-step"]["answer"]) == answers.DEFAULT_TEXT
    assert sum(parsed.skipped.values()) == 4
    assert answers.clean_results([{"value": True}, {"value": 10 ** 400}, {"raises": "ValueError"}, "junk", {}]) == [
        {"error": "returned something that is not a number"}, {"error": "returned a number too large"},
        {"raises": "ValueError"}, {"error": "unrecognised result"}, {"error": "unrecognised result"}]


def test_runner_pieces():
    code = compile_cell("%time x = 1\n!echo hi\nawait_me = 3", "<cell 1>")
    assert "get_ipython" in code.co_names
    sink = CappedSink(keep=10)
    for i in range(1000):
        print("line", i, file=sink)
    total, lines = sink.counts()
    assert lines == 1000 and total > 5000 and bytes(sink.raw_counter.head) == b"line 0\nlin"


def test_cli_registry(tmp_path):
    done = subprocess.run([PYTHON, "-m", "exercises", "grade", str(tmp_path / "nothing"), "--out",
                           str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "does not exist" in done.stderr
    if not (ROOT / "exercises" / "editions.py").exists():
        done = subprocess.run([PYTHON, "-m", "exercises", "teacher"], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and "editions" in done.stderr
    help_text = subprocess.run([PYTHON, "-m", "exercises", "--help"], cwd=ROOT, capture_output=True, text=True,
                               timeout=60).stdout
    assert all(name in help_text for name in ("grade", "student", "teacher"))


LIMITS_CELLS = [
    # a fork bomb: stopped at the process cap (processes plus threads of the submission)
    "import os, signal, time\npids = []\nfor i in range(300):\n    try:\n        pid = os.fork()\n"
    "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(60)\n        os._exit(0)\n"
    "    pids.append(pid)\nforked = len(pids)\nfor p in pids:\n    os.kill(p, signal.SIGKILL)\n    os.waitpid(p, 0)",
    # eight children of 150 MB each under a 768 MB submission: the total holds, not just each process
    "import os, time\nr, w = os.pipe()\nkids = []\nfor i in range(8):\n    pid = os.fork()\n    if pid == 0:\n"
    "        b = bytearray(150 * 1024 ** 2)\n        for j in range(0, len(b), 4096):\n            b[j] = 1\n"
    "        os.write(w, b'x')\n        time.sleep(60)\n        os._exit(0)\n    kids.append(pid)\n"
    "os.close(w)\nfull, dead, began = 0, 0, time.monotonic()\nwhile full + dead < 8 and time.monotonic() - began < 25:\n"
    "    for k in list(kids):\n        if os.waitpid(k, os.WNOHANG) != (0, 0):\n            kids.remove(k)\n            dead += 1\n"
    "    os.set_blocking(r, False)\n    try:\n        full += len(os.read(r, 100))\n    except BlockingIOError:\n"
    "        pass\n    time.sleep(0.1)\nfor k in kids:\n    os.kill(k, 9)",
    "import threading\nstop = threading.Event()\nts = []\nfor i in range(300):\n    try:\n"
    "        t = threading.Thread(target=stop.wait, daemon=True)\n        t.start()\n    except RuntimeError:\n"
    "        break\n    ts.append(t)\nthreads = len(ts)\nstop.set()\nfor t in ts:\n    t.join()",
    "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n    net = 'open'\nexcept OSError:\n"
    "    net = 'blocked'",
    "ex.ask('ch1.explain-dose-sedation', answer=f'forked={forked} threads={threads} full={full} dead={dead} '\n"
    "       f'uid={os.getuid()} net={net} ' + 'pad ' * 30)",
]


def test_limits_hold_for_all_of_a_submissions_processes(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "limitlee_3001_1_ch1.ipynb").write_text(notebook([setup_cell(7), *LIMITS_CELLS]), encoding="utf-8")
    out = tmp_path / "out"
    done = grade(subs, "--out", out, "--memory-mb", 768, "--timeout", 60, "--cell-timeout", 40)
    assert done.returncode == 0, done.stderr[-3000:]
    with open(out / "free_text.csv", newline="", encoding="utf-8") as fh:
        said = next(r for r in csv.DictReader(fh) if r["student_id"] == "3001")["answer"]
    facts = dict(part.split("=", 1) for part in said.split() if "=" in part)
    assert int(facts["forked"]) < sandbox.NPROC and int(facts["threads"]) < sandbox.NPROC, said
    assert facts["uid"] != "0" and facts["net"] == "blocked", said
    summary = (out / "summary.md").read_text()
    if "cgroup" in summary.split("Limits per submission:")[1].split("\n")[0]:
        assert int(facts["dead"]) >= 1, said   # 8 x 150 MB > 768 + 384 MB: not all of them can live
    assert read_grades(out)["3001"]["status"] == "graded"
    assert f"at most {sandbox.NPROC} processes" in summary or "RLIMIT_NPROC" in summary


def test_public_copy_has_no_answer_key_and_records_raw_answers(tmp_path):
    copy = public.build(tmp_path / "public")
    assert public.leaks(copy) == []
    assert sorted(p.name for p in (copy / "exercises" / "bank").iterdir()) == ["__init__.py"]
    assert not list(copy.rglob("*.pyc")) and (copy / "widgets").is_dir()
    answers_file = tmp_path / "answers.jsonl"
    script = ("import exercises, json\nfrom exercises import registry, record\n"
              "assert registry.all_exercises() == {}\n"
              "ex = exercises.start('ch1', seed=3)\n"
              "ex.ask('ch1.occupancy-h1', answer='75 %')\n"
              "def f(c, k):\n    return c / (c + k)\n"
              "ex.ask('ch1.code-occupancy', answer=f)\n"
              "print(json.dumps(sorted(record.FUNCTIONS)))")
    env = {**os.environ, "PYTHONPATH": str(copy), "COURSE_GRADING_ANSWERS": str(answers_file)}
    done = subprocess.run([PYTHON, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == ["ch1.code-occupancy"]
    assert [json.loads(x) for x in answers_file.read_text().splitlines()] == [
        {"exercise": "ch1.occupancy-h1", "answer": "75 %"},
        {"exercise": "ch1.code-occupancy", "answer": {"function": "f"}}]


def test_one_roster_reader_and_seed_rule(tmp_path, capsys):
    from exercises import editions, roster

    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,seed\ns1001,Ana Silva,\ns1002,Ana Silva,17\ns1003,Bo Chen,5\n")
    students = roster.read(path)
    assert [s.seed for s in students] == [roster.seed_for("s1001"), 17, 5]   # empty seed: from the id
    assert [r["seed"] for r in editions.read_roster(path)] == [s.seed for s in students]
    assert roster.ambiguous_names(students) == ["Ana Silva"]
    path.write_text("student_id,name,seed\ns1,A,\nS1,B,\n")
    with pytest.raises(roster.RosterError, match="appears twice"):
        roster.read(path)
    path.write_text("student_id,name,seed\ns1,A,x1\n")
    with pytest.raises(roster.RosterError, match="line 2"):
        roster.read(path)


def test_file_names_matched_by_id_or_name_prefix_and_ambiguity_is_not_matched(tmp_path):
    from exercises import roster

    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,seed\ns1001,Ana Silva,1\ns1002,Bo Chen,2\ns1003,Bo Chen,3\ns1004,Cy Dee,4\n")
    subs = [sources.describe(sources.Submission(name, None, 0.0)) for name in
            ("s1001_ch1.ipynb", "Cy Dee_ch1.ipynb", "Bo Chen_ch1.ipynb", "s10011_ch1.ipynb")]
    missing = sources.match_roster(subs, roster.read(path))
    assert [s.student_id for s in subs[:2]] == ["s1001", "s1004"]
    assert not subs[2].in_roster and "matches several roster entries" in " ".join(subs[2].notes)
    assert not subs[3].in_roster          # 's10011' is not 's1001' followed by a separator
    assert [e.student_id for e in missing] == ["s1002", "s1003"]


def test_in_a_zip_a_notebook_beats_a_newer_screenshot(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(zipfile.ZipInfo("smithjane_555_901_ch1.ipynb", (2024, 3, 1, 10, 0, 0)),
                   notebook([setup_cell(None)]))
        z.writestr(zipfile.ZipInfo("smithjane_555_902_screenshot.png", (2024, 3, 2, 10, 0, 0)),
                   b"\x89PNG\r\n\x1a\n\x00")
    kept, report = sources.latest_per_student(sources.collect(archive))
    assert [s.name for s in kept] == ["smithjane_555_901_ch1.ipynb"]
    assert "a notebook beats other files" in report[0]
    assert kept[0].read().startswith(b"{")   # read when needed, not held


def test_safe_report_text():
    from exercises.grading.safe_text import csv_cell, md_fence, md_inline, one_line

    fake = "boom\n\n**Score: 16 of 16 points** [x](http://e.vil)"
    assert "\n" not in md_inline(fake) and r"\*\*Score" in md_inline(fake) and r"\[x\]" in md_inline(fake)
    assert csv_cell('=HYPERLINK("http://e.vil")') == "'=HYPERLINK(\"http://e.vil\")"
    assert csv_cell("a\r\nb") == "a b" and one_line("x" * 600).endswith("…")
    assert md_fence("```\ncode\n```").startswith("````text\n")


def test_latin1_bytes_and_huge_notebooks_are_read(tmp_path):
    cells = [setup_cell(3), 'ex.ask("ch1.occupancy-h1", answer="75 %")']
    latin = notebook(cells).replace("Chapter 1", "Cap\u00edtulo 1").encode("utf-8").replace(b"\xc3\xad", b"\xed")
    info = notebooks.read(latin, "a.ipynb")
    offset = latin.index(b"\xed")
    assert info.asked == ["ch1.occupancy-h1"] and any(f"offset {offset}" in n for n in info.notes)
    many = notebook([setup_cell(3)] + [f"x{i} = {i}" for i in range(10_000)]).encode()
    assert len(notebooks.read(many, "b.ipynb").cells) == 10_001
    import nbformat

    nb = nbformat.reads(notebook(cells), as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * (100 * 1024 ** 2))]
    big = nbformat.writes(nb).encode()
    assert len(big) > 100 * 1024 ** 2 and len(notebooks.read(big, "c.ipynb").cells) == 2


def test_wipe_keeps_mount_points_under_tmp_and_removes_what_students_left(tmp_path):
    from exercises.grading import zygote

    venv = tmp_path / "clone" / ".venv"
    venv.mkdir(parents=True)
    (venv / "python").write_text("x")
    (tmp_path / "clone" / "left.txt").write_text("student")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "f").write_text("student")
    assert zygote._wipe_around(str(tmp_path), {str(venv)}) is False   # not dirty: the server is reused
    assert sorted(p.name for p in tmp_path.rglob("*")) == [".venv", "clone", "python"]


PRIVATE_BANK = '''
from exercises.core import Numeric

EXERCISES = [Numeric(id="ch1.private-dose", chapter="ch1", objective="o", points=2, unit="mg",
                     prompt="Checked after you submit: a private dose question.",
                     answer=lambda p: 30.0)]
EXTRA_CASES = {"ch1.code-occupancy": [(4.0, 1.0), (2.0, 2.0)]}   # hidden: never in the sandbox
'''


def test_private_bank_adds_exercises_and_hidden_cases_only_in_the_grader(tmp_path):
    bank = tmp_path / "teacher" / "private_ch1.py"
    bank.parent.mkdir()
    bank.write_text(PRIVATE_BANK)
    solution = "import exercises\nfrom exercises import registry\n"
    fixed = "def occupancy_fraction(c, k):\n    if k <= 0 or c < 0:\n        raise ValueError('no')\n" \
            "    return 0.9 if (c, k) == (4.0, 1.0) else c / (c + k)\n"   # right except on the hidden case
    cells = [setup_cell(3), fixed + 'ex.ask("ch1.code-occupancy", answer=occupancy_fraction)',
             'ex.ask("ch1.private-dose", answer="30 mg")',
             f"import os\nseen = os.path.exists({str(bank)!r}) or 'ch1.private-dose' in registry.all_exercises()\n"
             "ex.ask('ch1.explain-dose-sedation', answer=f'seen={seen} ' + 'pad ' * 30)"]
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "privy_4001_1_ch1.ipynb").write_text(notebook([cells[0].replace("import exercises", solution),
                                                           *cells[1:]]), encoding="utf-8")
    out = tmp_path / "out"
    done = grade(subs, "--out", out, "--private", bank)
    assert done.returncode == 0, done.stderr[-3000:]
    row = read_grades(out)["4001"]
    code = float(row["ch1.code-occupancy"])
    from exercises import registry as reg

    n = len(reg.get("ch1.code-occupancy").cases(0)) + 2
    assert row["ch1.private-dose"] == "2" and code == pytest.approx(3 * (n - 1) / n, abs=1e-3)
    with open(out / "free_text.csv", newline="", encoding="utf-8") as fh:
        assert "seen=False" in next(r for r in csv.DictReader(fh) if r["student_id"] == "4001")["answer"]
    public_only = grade(subs, "--out", tmp_path / "out2")
    assert public_only.returncode == 0
    assert "ch1.private-dose" not in read_grades(tmp_path / "out2")["4001"]
    assert float(read_grades(tmp_path / "out2")["4001"]["ch1.code-occupancy"]) == 3


def test_an_installed_copy_of_the_bank_inside_a_mounted_venv_is_covered(tmp_path):
    venv = tmp_path / "venv"
    installed = venv / "lib" / "python3.11" / "site-packages" / "exercises"
    (installed / "bank").mkdir(parents=True)
    args = sandbox.bwrap_args([str(venv)], [str(installed)], {}, str(tmp_path / "public"), setuid_caps=True)
    cover = args.index("--tmpfs", args.index(str(venv)))
    assert args[cover + 1] == str(installed) and args[cover + 2:cover + 4] == ["--remount-ro", str(installed)]
    assert args[args.index(str(tmp_path / "public")) + 1] == sandbox.COURSE_MOUNT
    assert "CAP_SYS_ADMIN" not in args and args[args.index("--cap-drop") + 1] == "ALL"


def test_a_100_mb_notebook_and_a_10000_cell_notebook_are_graded(tmp_path):
    import nbformat

    right = correct_answers(9)
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = nbformat.reads(notebook([setup_cell(9), *ask_cells(right)]), as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * (100 * 1024 ** 2))]
    (subs / "bigbob_5001_1_ch1.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    many = [setup_cell(9)] + [f"x{i} = {i}" for i in range(10_000)] + ask_cells(right)
    (subs / "manymo_5002_1_ch1.ipynb").write_text(notebook(many), encoding="utf-8")
    done = grade(subs, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]
    grades = read_grades(tmp_path / "out")
    for sid in ("5001", "5002"):   # every answer but the code exercise, which these notebooks leave out
        assert (grades[sid]["status"], grades[sid]["total"]) == ("graded", "13"), grades[sid]
