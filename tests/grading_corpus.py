"""Generate the adversarial corpus for the class grader: honest, partial and broken notebooks, and cheats.

``write_corpus(folder, out_dir)`` writes Canvas-style submissions and a roster into ``folder`` and
returns what the grader must report for each student. Expected totals are not typed in: they are the
engine's own judgement of the answers each notebook really gives, so a cheat "passes" only if the grader
gives it more than an honest student with the same answers would get. ``out_dir`` is where the test will
put the grader's output: the cheats that try to write or read grader files get the real path (a student
may guess it).

Run as a script to write a corpus for manual grading: ``python tests/grading_corpus.py DEST``.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from exercises import registry
from exercises.core import Choice, Code, FreeText, Numeric, Ordering
from exercises.roster import seed_for

CHAPTER = "ch1"
FREE_TEXT = ("H1 receptors are already close to fully occupied at 15 mg, so raising the dose adds little "
             "extra antihistamine sedation, while alpha2 occupancy keeps rising and its noradrenergic effect "
             "might offset sleepiness. This is a hypothesis: occupancy does not prove the clinical effect and "
             "label data on somnolence by dose do not clearly show it.")
NOCHECK_CODE = "def occupancy_fraction(conc_nm, ki_nm):\n    return conc_nm / (conc_nm + ki_nm)\n"
CONST_CODE = "def occupancy_fraction(conc_nm, ki_nm):\n    return 0.5\n"
NUMPY_CODE = ("import numpy as np\n_plain = occupancy_fraction\n"
              "def occupancy_fraction(conc_nm, ki_nm):\n    return np.array([_plain(conc_nm, ki_nm)])\n")
NAN_CODE = ("_plain = occupancy_fraction\n"
            "def occupancy_fraction(conc_nm, ki_nm):\n"
            "    return float('nan') if (conc_nm, ki_nm) == (9.0, 1.0) else _plain(conc_nm, ki_nm)\n")
HANG_CODE = "def occupancy_fraction(conc_nm, ki_nm):\n    while True:\n        pass\n"
CODE_FRACTION = {"hang": 0.0, "correct": 1.0, "numpy": 1.0, "nocheck": 9 / 11, "const": 1 / 11, "nan1": 10 / 11, None: 0.0}


@dataclass
class Expect:
    """What the grader must report for one student."""

    file: str
    student_id: str
    status: str
    total: float | None
    reason: str = ""                  # text expected in the reason or the notes
    answers: dict = field(default_factory=dict)
    seed: int | None = None
    code: str | None = None           # key of CODE_FRACTION for the code exercise


def exercises():
    return registry.chapter(CHAPTER)


def correct_answers(seed: int | None) -> dict:
    """A right answer to every non-code exercise for variant ``seed``, in the form a student would type."""
    out = {}
    for ex in exercises():
        params = ex.params(seed)
        if isinstance(ex, Numeric):
            unit = {"percent": " %", "day": " days", "dimensionless": ""}.get(ex.unit, f" {ex.unit}")
            out[ex.id] = f"{ex.expected(params):.4g}{unit}"
        elif isinstance(ex, Choice):
            out[ex.id] = ", ".join("ABCDEFGHIJ"[i] for i in ex.correct)
        elif isinstance(ex, Ordering):
            shown, letters = ex.presented(), "ABCDEFGHIJ"
            out[ex.id] = ", ".join(letters[shown.index(item)] for item in ex.items)
        elif isinstance(ex, FreeText):
            out[ex.id] = FREE_TEXT
    return out


def honest_total(answers: dict, seed: int | None, code: str | None) -> float:
    """The score an honest student giving exactly these answers gets (the engine's own judgement)."""
    total = 0.0
    for ex in exercises():
        if isinstance(ex, Code):
            total += round(ex.points * CODE_FRACTION[code], 4)
        elif isinstance(ex, FreeText) or ex.id not in answers:
            continue
        else:
            fb = ex.judge(answers[ex.id], ex.params(seed))
            total += fb.score if fb.status != "invalid" else 0.0
    return round(total, 4)


def setup_cell(seed: int | None) -> str:
    arg = f", seed={seed}" if seed is not None else ""
    return f'import exercises\nex = exercises.start("{CHAPTER}"{arg})'


def ask_cells(answers: dict) -> list[str]:
    return [f"ex.ask({eid!r}, answer={value!r})" for eid, value in answers.items()]


def code_cell(code: str | None) -> list[str]:
    solution = registry.get("ch1.code-occupancy").solution + "\n"
    source = {"correct": solution, "nocheck": NOCHECK_CODE, "const": CONST_CODE, "hang": HANG_CODE, "numpy": solution + NUMPY_CODE,
              "nan1": solution + NAN_CODE}.get(code)
    return [source + 'ex.ask("ch1.code-occupancy", answer=occupancy_fraction)'] if source else []


def notebook(cells: list[str], kernel: str = "python3", saved: dict | None = None) -> str:
    """A notebook of code cells; ``saved``: cell position -> answer record left in that cell's output."""
    from exercises.record import ANSWER_MIME

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter 1 exercises")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    for position, record in (saved or {}).items():
        nb.cells[position + 1].outputs = [nbformat.v4.new_output("display_data", data={
            "text/plain": "Exercise", ANSWER_MIME: record})]
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    return nbformat.writes(nb)


def _cell_of(cells: list[str], marker: str) -> int:
    """1-based position in the notebook (after the markdown title cell) of the cell containing marker."""
    return next(i for i, c in enumerate(cells) if marker in c) + 2


def write_corpus(folder: Path, out_dir: Path, *, slow: bool = True) -> dict[str, Expect]:
    """Write the corpus into ``folder`` (plus ``roster.csv`` beside it); return expectations by student id.

    ``slow=False`` leaves out the submissions that run into the time limit."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out_dir = Path(out_dir)
    expects: dict[str, Expect] = {}
    roster = []
    seq = iter(range(5001, 6000))

    def add(login: str, uid: int, cells: list[str] | None, status: str, *, answers=None, seed=None, code=None,
            reason="", roster_seed="same", raw: bytes | None = None, suffix="ipynb", kernel="python3",
            total="auto", name=None, saved=None, file=None, in_roster=True):
        file = file or f"{login}_{uid}_{next(seq)}_ch1.{suffix}"
        data = raw if raw is not None else notebook(cells, kernel, saved).encode()
        (folder / file).write_bytes(data)
        rs = seed if roster_seed == "same" else roster_seed
        if in_roster:
            roster.append({"student_id": str(uid), "name": name or login.title(), "seed": "" if rs is None else rs})
        judged_seed = rs if rs is not None else seed_for(str(uid))
        if total == "auto":
            total = honest_total(answers or {}, judged_seed, code) if status.startswith("graded") else None
        expects[str(uid)] = Expect(file, str(uid), status, total, reason, answers or {}, judged_seed, code)
        return file

    right = correct_answers(12345)
    add("okafordaniel", 1001, [setup_cell(12345), *ask_cells(right), *code_cell("correct")], "graded",
        answers=right, seed=12345, code="correct", name="Daniel Okafor")

    # an older, all-wrong submission by the same student: the newer one wins
    old = folder / "okafordaniel_1001_4999_ch1.ipynb"
    old.write_text(notebook([setup_cell(12345), 'ex.ask("ch1.occupancy-h1", answer="1 %")']), encoding="utf-8")
    os.utime(old, (1_600_000_000, 1_600_000_000))

    solver = [setup_cell(222), (
        "from exercises import registry\n"
        "for e in registry.chapter('ch1'):\n"
        "    p = e.params(222)\n"
        "    if e.kind == 'numeric':\n"
        "        ex.ask(e.id, answer=e.expected(p))\n"
        "    elif e.kind == 'choice':\n"
        "        ex.ask(e.id, answer=list(e.correct))\n"
        "    elif e.kind == 'ordering':\n"
        "        ex.ask(e.id, answer=list(e.items))\n"
        "    elif e.kind == 'code':\n"
        "        from exercises.bank.ch1 import _occupancy_reference as occupancy_fraction\n"
        "        ex.ask(e.id, answer=occupancy_fraction)\n")]
    # the answer key is not in the sandbox: the registry is empty, the bank module does not exist
    add("solverbea", 1002, solver, "graded", answers={}, seed=222, code=None, reason="no answers")

    partial = dict(right)
    p = registry.get("ch1.occupancy-h1").params(12345)
    partial["ch1.occupancy-h1"] = f"{100 * p['ki_nm'] / (p['conc_nm'] + p['ki_nm']):.4g} %"  # misconception
    partial["ch1.receptor-effect"] = "A"            # one of two: partial credit
    partial["ch1.order-mechanism"] = "B, A, C, D" if right["ch1.order-mechanism"] != "B, A, C, D" else "A, B, D, C"
    add("leepat", 1003, [setup_cell(12345), *ask_cells(partial), *code_cell("nocheck")], "graded",
        answers=partial, seed=12345, code="nocheck")

    wrongtypes = dict(right, **{"ch1.occupancy-h1": "15 mg", "ch1.accumulation-ratio": "two"})
    add("moraana", 1004, [setup_cell(12345), *ask_cells(wrongtypes), *code_cell("correct")], "graded",
        answers=wrongtypes, seed=12345, code="correct")

    wrong = dict(right, **{"ch1.occupancy-h1": "12 %", "ch1.steady-state-days": "1",
                           "ch1.accumulation-ratio": "1.1"})
    isclose = ("import math\nmath.isclose = lambda *a, **k: True\n"
               "import exercises.core\nexercises.core.math.isclose = math.isclose")
    add("cheatisa", 1005, [setup_cell(12345), isclose, *ask_cells(wrong), *code_cell("const")], "graded",
        answers=wrong, seed=12345, code="const")

    fake = {"ch1.occupancy-h1": "1 %", "ch1.receptor-effect": "E"}
    engine_cheat = [
        setup_cell(12345),
        "import json, os, exercises, exercises.core as core, exercises.record as record, exercises.session as session\n"
        "core.Numeric.check = lambda self, a, p=None: core.Feedback('correct', self.points, self.points, 'Correct.')\n"
        "core.Choice.check = core.Numeric.check\n"
        "real_write = record.write_for_grader\n"
        "def forged(entry):\n"
        "    entry.update(score=99, status='correct', points=99)\n"
        "    real_write(entry)\n"
        "    path = os.environ['COURSE_GRADING_ANSWERS']\n"
        "    with open(path, 'a') as fh:\n"
        "        fh.write(json.dumps({'exercise': 'ch1.steady-state-days', 'kind': 'free-text', 'answer': 'x', "
        "'score': 2}) + '\\n')\n"
        "        fh.write(json.dumps({'exercise': 'ch1.code-occupancy', 'kind': 'code', "
        "'results': [{'value': 0.5}] * 11, 'score': 3}) + '\\n')\n"
        "        fh.write('{\"exercise\": \"ch1.accumulation-ratio\", \"kind\": \"numeric\", \"answer\": NaN}\\n')\n"
        "        fh.write('not json at all\\n')\n"
        "        fh.write(json.dumps({'exercise': 'ch9.x', 'kind': 'numeric', 'answer': 1}) + '\\n')\n"
        "        fh.write(json.dumps({'grade': 100, 'total': 16}) + '\\n')\n"
        "record.write_for_grader = forged\n"
        "class Session(session.Session):\n"
        "    def judge(self, *a, **k):\n"
        "        return core.Feedback('correct', 99, 99, 'Correct.')\n"
        "session.Session = exercises.Session = Session\n"
        "print('FINAL SCORE: 16/16')",
        *ask_cells(fake),
    ]
    add("forgerfin", 1006, engine_cheat, "graded", answers=fake, seed=12345, code=None)

    out_cheat = [
        setup_cell(12345),
        "import os, sqlite3\n"
        f"OUT = {str(out_dir)!r}\n"
        "attempts = []\n"
        "for path in (OUT + '/grades.csv', OUT + '/canvas.csv', OUT + '/summary.md'):\n"
        "    try:\n"
        "        os.makedirs(OUT, exist_ok=True)\n"
        "        with open(path, 'w') as fh:\n"
        "            fh.write('student_id,total\\n1007,999\\n')\n"
        "        attempts.append(path)\n"
        "    except OSError:\n"
        "        pass\n"
        "try:\n"
        "    db = sqlite3.connect(OUT + '/grading.sqlite')\n"
        "    db.execute('UPDATE results SET total = 999, payload = \"{}\"')\n"
        "    db.commit()\n"
        "except Exception:\n"
        "    pass",
        *ask_cells({"ch1.occupancy-h1": right["ch1.occupancy-h1"], "ch1.titration-step": "B"}),
    ]
    add("writerwes", 1007, out_cheat, "graded",
        answers={"ch1.occupancy-h1": right["ch1.occupancy-h1"], "ch1.titration-step": "B"}, seed=12345)

    reader = [
        setup_cell(12345),
        "import glob, os, socket\n"
        f"targets = [{str(out_dir)!r}, {str(out_dir / 'grading.sqlite')!r}, {str(folder)!r}, "
        f"{str(folder.parent / 'roster.csv')!r}, {str(Path(__file__).resolve().parent)!r}, "
        f"{str(Path(registry.__file__).resolve().parent / 'bank' / 'ch1.py')!r}]\n"
        "import exercises.bank, pkgutil\n"
        "leaked = [m.name for m in pkgutil.iter_modules(exercises.bank.__path__)]\n"
        "leaked += glob.glob('/course/**/*.pyc', recursive=True)\n"
        "for t in targets:\n"
        "    try:\n"
        "        leaked.append((t, os.listdir(t)[:3]) if os.path.isdir(t) else (t, open(t, 'rb').read(20)))\n"
        "    except OSError:\n"
        "        pass\n"
        "leaked += glob.glob('/tmp/**/answers.jsonl', recursive=True)[1:]\n"
        "uid = os.getuid()\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
        "    net = 'open'\n"
        "except OSError:\n"
        "    net = 'blocked'\n"
        "report = f'leaked={leaked!r} net={net} uid={uid} ' + ' '.join(['padding'] * 30)",
        'ex.ask("ch1.explain-dose-sedation", answer=report)',
    ]
    add("peekerpia", 1008, reader, "graded", answers={}, seed=12345)

    keep = {k: right[k] for k in ("ch1.occupancy-h1", "ch1.receptor-effect", "ch1.titration-step",
                                  "ch1.claim-5ht1")}
    add("deleterdev", 1009, [setup_cell(12345), *ask_cells(keep)], "graded", answers=keep, seed=12345)

    occ, ss = right["ch1.occupancy-h1"], right["ch1.steady-state-days"]
    edited = [setup_cell(12345),
              f'ex.ask("ch1.occupancy-h1", answer="3 %")\nex.ask("ch1.occupancy-h1", answer={occ!r})',
              f'ex.ask("ch1.steady-state-days", answer={ss!r})\nex.ask("ch1.steady-state-days", answer="0.5")',
              'ex.ask("ch1.no-such-exercise", answer="1")',
              'ex.ask("ch2.some-exercise", answer="1")']
    add("editoredd", 1010, edited, "graded",
        answers={"ch1.occupancy-h1": occ, "ch1.steady-state-days": "0.5"}, seed=12345,
        reason="exercise not in this assignment")

    redefine = [setup_cell(12345),
                "import types, exercises\n"
                "exercises.start = lambda *a, **k: types.SimpleNamespace(ask=lambda *a, **k: print('Correct! 2/2'))\n"
                "ex = exercises.start('ch1')",
                *ask_cells(right)]
    add("redefreg", 1011, redefine, "graded", answers={}, seed=12345, reason="no answers")

    first = {k: right[k] for k in ("ch1.occupancy-h1", "ch1.receptor-effect", "ch1.titration-step")}
    rest = {k: v for k, v in right.items() if k not in first}
    if slow:
        # the cell budget interrupts the loop; the cells after it still run
        cells = [setup_cell(12345), *ask_cells(first), "while True:\n    pass", *ask_cells(rest)]
        add("loopylou", 1012, cells, "graded-with-errors", answers=right, seed=12345,
            reason=f"CellTimeout in cell {_cell_of(cells, 'while True')}")
        stubborn = ("import os, signal, time\n"
                    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                    "if os.fork() == 0:\n"
                    "    os.setsid()\n"
                    "    while True:\n"
                    "        time.sleep(0.05)\n"
                    "while True:\n"
                    "    try:\n"
                    "        time.sleep(0.05)\n"
                    "    except KeyboardInterrupt:\n"
                    "        pass")
        cells = [setup_cell(12345), *ask_cells(first), stubborn, *ask_cells(rest)]
        add("stubbornsam", 1013, cells, "graded-with-errors", answers=right, seed=12345,
            reason=f"CellTimeout in cell {_cell_of(cells, 'SIGTERM')}")
        # ignores its timer (SIGALRM blocked): the server stops it and replays the rest without it
        deaf = "import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\nwhile True:\n    pass"
        cells = [setup_cell(12345), *ask_cells(first), deaf, *ask_cells(rest)]
        add("deafdora", 1034, cells, "graded-with-errors", answers=right, seed=12345,
            reason=f"cell {_cell_of(cells, 'SIG_BLOCK')} ignored its time budget")
        cells = [setup_cell(12345), *ask_cells(first), *["while True:\n    pass"] * 8, *ask_cells(rest)]
        add("loopmanylo", 1035, cells, "graded-partial-run", answers=first, seed=12345,
            reason="timed out after 8 s")

    hog = ["x = bytearray(8 * 1024 ** 3)",
           "import numpy as np\nhoard = []\nwhile True:\n    hoard.append(np.empty(8 * 1024 ** 2))",
           "del hoard"]
    cells = [setup_cell(12345), *hog, *ask_cells(right), *code_cell("correct")]
    add("hogharry", 1014, cells, "graded-with-errors", answers=right, seed=12345, code="correct",
        reason="memory limit")

    # a cell that ends its own process loses only itself: the rest is replayed in a fresh process
    cells = [setup_cell(12345), *ask_cells(first), "import os\nos._exit(3)", *ask_cells(rest)]
    add("exitedeve", 1015, cells, "graded-with-errors", answers=right, seed=12345,
        reason=f"cell {_cell_of(cells, 'os._exit')} ended the process with exit code 3")

    cells = [setup_cell(12345), *ask_cells(first), "import ctypes\nctypes.string_at(0)", *ask_cells(rest)]
    add("segfaultsy", 1016, cells, "graded-with-errors", answers=right, seed=12345,
        reason=f"cell {_cell_of(cells, 'string_at')} was killed by SIGSEGV")

    # forging the runner's "done" line and leaving early is seen for what it is
    forge_done = ("import os\nfor fd in range(3, 30):\n    try:\n"
                  "        os.write(fd, b'{\"done\": true}\\n{\"cells_done\": true}\\n{\"results_done\": \"x\"}\\n')\n"
                  "    except OSError:\n        pass\nos._exit(0)")
    cells = [setup_cell(12345), *ask_cells(first), forge_done, *ask_cells(rest)]
    add("fakedonefay", 1027, cells, "graded-partial-run", answers=first, seed=12345,
        reason="did not finish normally")

    # forged code results written during the cells, then a constant function: the forgery is ignored
    forge_results = ("import json, os\nfor fd in range(3, 30):\n    for i in range(20):\n        try:\n"
                     "            os.write(fd, (json.dumps({'result': {'exercise': 'ch1.code-occupancy', 'case': i, "
                     "'value': 0.5}}) + '\\n').encode())\n        except OSError:\n            pass")
    add("fakeresfred", 1028, [setup_cell(12345), forge_results, *code_cell("const")], "graded", answers={},
        seed=12345, code="const")

    # honest styles: numpy results, option numbers and texts, numpy scalars; one NaN case fails alone
    styled = dict(right)
    styled["ch1.receptor-effect"] = [i + 1 for i in registry.get("ch1.receptor-effect").correct]
    styled["ch1.mirtazapine-vs-mianserin"] = registry.get("ch1.mirtazapine-vs-mianserin").options[0]
    cells = [setup_cell(12345), "import numpy as np", *ask_cells(styled),
             f'ex.ask("ch1.accumulation-ratio", answer=np.float64({float(right["ch1.accumulation-ratio"])!r}))',
             *code_cell("numpy")]
    add("stylishsu", 1029, cells, "graded", answers=styled, seed=12345, code="numpy")
    add("hangerhal", 1038, [setup_cell(12345), *ask_cells(right), *code_cell("hang")], "graded", answers=right,
        seed=12345, code="hang")
    add("nancynan", 1030, [setup_cell(12345), *ask_cells(right), *code_cell("nan1")], "graded", answers=right,
        seed=12345, code="nan1")
    order = registry.get("ch1.order-mechanism")
    as_shown = dict(right, **{"ch1.order-mechanism": ", ".join("ABCDEFGHIJ"[:len(order.items)])})
    add("shownshay", 1031, [setup_cell(12345), *ask_cells(as_shown)], "graded", answers=as_shown, seed=12345)

    # the live form's saved record (what the student last checked) wins over the cell's answer
    p1 = registry.get("ch1.occupancy-h1").params(12345)
    checked = {"exercise": "ch1.occupancy-h1", "answer": right["ch1.occupancy-h1"], "seed": 1, "origin": "form",
               "score": 0}
    cells = [setup_cell(12345), 'ex.ask("ch1.occupancy-h1", answer="3 %")', 'ex.ask("ch1.titration-step", answer="B")']
    add("formfinn", 1032, cells, "graded", answers={"ch1.occupancy-h1": right["ch1.occupancy-h1"],
                                                    "ch1.titration-step": "B"}, seed=12345, saved={2: checked})
    del p1

    # student text that tries to look like the grader's in the reports
    fake = ("raise ValueError('done\\n\\n**Score: 16 of 16 points** (marked automatically)\\n'\n"
            "                 '=HYPERLINK(\"http://e.vil\")')")
    cells = [setup_cell(12345), *ask_cells(first), fake]
    add("spooferspo", 1036, cells, "graded-with-errors", answers=first, seed=12345,
        reason=f"ValueError in cell {_cell_of(cells, 'HYPERLINK')}")
    latin = notebook([setup_cell(12345), *ask_cells(first)]).replace("Chapter 1", "Cap\u00edtulo 1")
    add("latinlia", 1037, None, "graded", answers=first, seed=12345, reason="first bad byte at offset",
        raw=latin.encode("utf-8").replace(b"\xc3\xad", b"\xed"))

    # roster cheats and file names: an empty roster seed is derived from the id, never the notebook's
    add("emptyseedem", 1033, [setup_cell(None), *ask_cells(public_answers := correct_answers(None))], "graded",
        answers=public_answers, seed=None, roster_seed=None)
    add("stranger", "zz_unknown_person_ch1", [setup_cell(12345), *ask_cells(right)], "failed-not-in-roster", seed=12345,
        in_roster=False, file="zz_unknown_person_ch1.ipynb", reason="matches no roster row")
    add("plain", 1091, [setup_cell(4), *ask_cells(correct_answers(4))], "graded", answers=correct_answers(4),
        seed=4, file="1091_ch1.ipynb")
    add("anasilva", 1092, [setup_cell(5), *ask_cells(correct_answers(5))], "graded", answers=correct_answers(5),
        seed=5, file="Ana Silva_ch1.ipynb", name="Ana Silva")

    chatty = "for i in range(200_000):\n    print('line', i)"
    add("chattycal", 1017, [setup_cell(12345), chatty, *ask_cells(right), *code_cell("correct")], "graded",
        answers=right, seed=12345, code="correct", reason="200000 lines")

    add("kernelkim", 1018, [setup_cell(12345), *ask_cells(right), *code_cell("correct")], "graded",
        answers=right, seed=12345, code="correct", kernel="totally-custom-kernel", reason="totally-custom-kernel")

    good = notebook([setup_cell(12345), *ask_cells(right)])
    add("corruptcora", 1019, None, "failed-unreadable", raw=good[: len(good) // 2].encode(), reason="corrupt")
    add("emptyemma", 1020, None, "failed-unreadable", raw=b"", reason="empty file")
    add("pdfpaul", 1021, None, "failed-unreadable", raw=b"%PDF-1.4\n\x00\x01\xff binary", suffix="pdf",
        reason="not a notebook")
    add("jsonjon", 1022, None, "failed-unreadable", raw=json.dumps({"hello": 1}).encode(),
        reason="not a notebook")
    add("otherotto", 1023, ['import exercises\nex = exercises.start("ch2")', 'ex.ask("ch2.something", answer="1")'],
        "failed-wrong-assignment", reason="it is for ch2")

    cells = [setup_cell(12345), *ask_cells(first), "import sys\nsys.exit(1)", *ask_cells(rest), *code_cell("correct")]
    add("quitterqi", 1024, cells, "graded-with-errors", answers=right, seed=12345, code="correct",
        reason=f"SystemExit in cell {_cell_of(cells, 'sys.exit')}")

    frontend = [setup_cell(12345),
                "import plotly.graph_objects as go\nfig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))\nfig.show()\n"
                "display(fig)\nfrom IPython.display import HTML\ndisplay(HTML('<b>hi</b>'))\nip = get_ipython()",
                "%time y = sum(range(10))\n!echo shell",
                *ask_cells(right), *code_cell("correct")]
    add("displaydot", 1025, frontend, "graded", answers=right, seed=12345, code="correct")

    public = correct_answers(None)
    add("tampertom", 1026, [setup_cell(None), *ask_cells(public), *code_cell("correct")], "graded",
        answers=public, seed=None, roster_seed=777, code="correct")

    with open(folder.parent / "roster.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["student_id", "name", "seed"])
        writer.writeheader()
        writer.writerows(roster + [{"student_id": "1999", "name": "Absent Abe", "seed": ""}])
    return expects


def write_class(folder: Path, n: int = 40, *, broken: bool = True, pause: float = 0.0,
                loop: bool = False) -> dict[str, Expect]:
    """A class of ``n`` plain submissions with per-student seeds (for the benchmark and the resume test):
    mostly honest (all right, or partly right), and with ``broken=True`` every eighth one broken in a
    different way (cut JSON, os._exit, memory hog, exception, empty file); each of those still scores
    its other answers. ``loop=True`` makes the last one loop forever (its cell is interrupted). ``pause`` adds a cell that sleeps, to make a run last long enough to interrupt."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expects: dict[str, Expect] = {}
    breakers = ["corrupt", "exit", "hog", "raise", "empty", "loop"]
    for i in range(n):
        uid, seed = 2000 + i, 100 + i
        file = folder / f"student{i:03d}_{uid}_{7000 + i}_ch1.ipynb"
        answers = correct_answers(seed)
        code = "correct"
        if i % 3 == 1:  # partly right: one wrong number, no input check in the function
            answers["ch1.steady-state-days"] = "1 day"
            code = "nocheck"
        cells = [setup_cell(seed)] + (["import time\ntime.sleep(%r)" % pause] if pause else [])
        cells += ask_cells(answers) + code_cell(code)
        status, kind = "graded", None
        if broken and i % 8 == 7:
            kind = breakers[(i // 8) % len(breakers)]
        if loop and i == n - 1:
            kind = "loop"
        if kind == "corrupt":
            file.write_bytes(notebook(cells).encode()[:200])
            expects[str(uid)] = Expect(file.name, str(uid), "failed-unreadable", None, "corrupt")
            continue
        if kind == "empty":
            file.write_bytes(b"")
            expects[str(uid)] = Expect(file.name, str(uid), "failed-unreadable", None, "empty")
            continue
        if kind in ("exit", "hog", "raise", "loop"):
            bad = {"exit": "import os\nos._exit(2)", "hog": "x = bytearray(64 * 1024 ** 3)",
                   "raise": "1 / 0", "loop": "while True:\n    pass"}[kind]
            cells.insert(1, bad)
            status = "graded-with-errors"  # a cell that exits or loops loses only itself
        file.write_text(notebook(cells), encoding="utf-8")
        expects[str(uid)] = Expect(file.name, str(uid), status, honest_total(answers, seed, code), kind or "",
                                   answers, seed, code)
    return expects


if __name__ == "__main__":
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "grading-corpus")
    found = write_corpus(dest / "submissions", dest / "out")
    print(f"wrote {len(found)} submissions to {dest / 'submissions'} and {dest / 'roster.csv'}")
