"""The CLI rows of issue #15's speed table, each as a ratio to a floor or peer in one run.

    .venv/bin/python benchmarks/speed_table.py [--rows 1,2,4] [--repeat N] [--rebuild]

Each row runs the tasktui command and its floor or peer as child processes, in pairs, one
after the other and in alternating order (AB, BA, AB, …) after one unrecorded warm-up of
each, so that a load spike on this shared machine hits both sides alike. It prints the
medians of `--repeat` pairs (rows 1–3, which take well under a second, run 4× as many),
wall time and CPU time (user + system of the child alone, from `os.wait4`: steadier than
wall time on a busy machine), their ratios, the target, and the peak RSS of the tasktui
side. Whether a row meets its target is judged on the CPU ratio. Every child's standard
output goes to a pipe that this script drains; a child that fails stops the run.

Rows and their floors or peers:

1. `tasktui deadline 3月底前 --date 2026-03-02` (no store: the command then reads no
   imported holidays) vs `python -c` importing `tasktui.extract.deadlines` alone and
   resolving the same phrase. Target ≤ 1.5×.
2. `tasktui --help` vs `python -c "import argparse"`: printing a help text means starting
   the interpreter and building an argparse parser, so that import is the least any Python
   command line with `--help` pays; `python -c pass` (the issue's first floor) leaves out
   the parser every such program needs. Target ≤ 1.5×.
3. `tasktui extract FILE` on a synthetic speech this script writes (sections, points,
   一要…二要…, units, deadline phrases) vs `python -c` importing `tasktui.extract` and
   extracting the same file in-process, printing only the item count. Target ≤ 1.5×.
4. `tasktui list` on stores of 5,000 and 50,000 open directives (all of them printed by
   default) vs Taskwarrior's `task list` over the same tasks (same descriptions, due
   dates and notes as annotations, a project per meeting) in a throw-away TASKDATA with
   confirmation, colour, hooks and gc off, verbose=nothing and defaultwidth=0 (no wrapping
   on a pipe). The script checks that both print one line per task. Target ≤ 1.0×.
5. `tasktui import FILE.toml` of 5,000 tasks (meetings, owners, deadlines, notes, an
   explicit history on a tenth) into an empty store (made once with `db init` and copied
   before each run, untimed) vs `task import` of the same tasks as JSON into an empty
   TASKDATA. Target ≤ 3×. A second line sets the same import against a floor of what any
   import into this store loads — SQLAlchemy and the models, pypinyin's dictionaries (every
   new heading's pinyin keys) — and the file's TOML parse, nothing validated or written.
   A third line times the least a Python import of the same tasks into this schema costs,
   against `task import`: the TOML parse and the very rows tasktui wrote (read back from a
   marshal file, untimed to make) inserted by sqlite3 in one transaction — no validation,
   no pinyin keys, no ORM.
6. `tasktui report --week 2026-W47 --format csv -o FILE` on 100,000 tasks (the store of
   benchmarks/report_scale.py, built by its `build_store`) vs a floor of stdlib sqlite3 +
   csv: one plain query (events before the cutoff in task order, joined to their task,
   meeting and co-owners) folded to the same rows. The two files are compared byte for
   byte and the script says whether they differ. The floor ignores changes of a task's
   kind, which the synthetic store has none of. Target ≤ 1.5×. A second, tighter floor
   writes the same file from one aggregate query (each task's last event, last note and
   completion picked by GROUP BY): the like-for-like one, since tasktui's csv also lets
   the database pick each task's state at the cutoff (`HistoryFeed.states_until`) and
   folds no events in Python. Target ≤ 1.5× of it too. A clean `PRAGMA quick_check` is
   remembered per store file (store/checked_files.py), so those two lines open a store
   checked before and unchanged since; a third line times the first report after a change,
   which reads every page once more (0.2 s at this size), against the tighter floor.

Rows 4 and 5 are skipped, with the reason, when `task` is not on PATH. Stores are built by
the code under test (a new schema gets new stores) and cached under the temporary folder,
keyed by size and `models.SCHEMA_VERSION`; `--rebuild` builds them again. The last output
is a Markdown table to paste into a note. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import random
import selectors
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))  # loaded by path too (tests/functional/test_speed_table.py)

from vocabulary import BUREAUS, NOTES, OBJECTS, STREETS, VERBS  # noqa: E402

TMP = Path(tempfile.gettempdir())
TODAY = date(2026, 11, 25)  # report_scale.TODAY: its store's histories end there
WEEK = "2026-W47"
# Bumped when the generated task files change, so cached stores follow.
GENERATOR = 1


@dataclass(frozen=True)
class Sizes:
    """Task counts of the stores: the issue's by default; a test passes tiny ones."""

    list: tuple[int, ...] = (5_000, 50_000)
    import_: int = 5_000
    report: int = 100_000


CHEAP_FACTOR = 4  # rows 1–3 take well under a second: more pairs for the same noise

UNITS = BUREAUS + STREETS
OFFICE = "区政府督查室"


# ---------------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Side:
    """One command to time. `prepare` runs before each run, untimed (a fresh empty store);
    `check` gets the standard output of the warm-up run and returns a problem or None."""

    label: str
    argv: list[str]
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None
    check: Callable[[bytes], str | None] | None = None
    runs: list[Run] = field(default_factory=list)
    problem: str = ""  # what `check` found wrong with the output, if anything

    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def run_child(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[Run, bytes]:
    """Run one child with its standard output on a pipe; its own wall, CPU and peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # Drain both pipes while it runs (a full pipe would stall it), then reap it with
    # wait4 for the child's own rusage; Popen is told the exit status so it never waits.
    out, errout = _drain(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{errout.decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), out  # Linux: KiB


def _drain(proc: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Read stdout and stderr to their ends without reaping the child (communicate() would)."""
    assert proc.stdout is not None and proc.stderr is not None
    chunks: dict[int, list[bytes]] = {proc.stdout.fileno(): [], proc.stderr.fileno(): []}
    sel = selectors.DefaultSelector()
    for f in (proc.stdout, proc.stderr):
        sel.register(f, selectors.EVENT_READ)
    while sel.get_map():
        for key, _ in sel.select():
            data = os.read(key.fd, 1 << 16)
            if data:
                chunks[key.fd].append(data)
            else:
                sel.unregister(key.fileobj)
    out, errout = b"".join(chunks[proc.stdout.fileno()]), b"".join(chunks[proc.stderr.fileno()])
    proc.stdout.close()
    proc.stderr.close()
    return out, errout


def measure_pair(ours: Side, peer: Side, pairs: int) -> None:
    """One warm-up of each (its output checked), then `pairs` pairs in alternating order."""
    for side in (ours, peer):
        if side.prepare:
            side.prepare()
        _, out = run_child(side.argv, side.env)
        problem = side.check(out) if side.check else None
        if problem:
            side.problem = f"{side.label} {problem}"
    for i in range(pairs):
        for side in (ours, peer) if i % 2 == 0 else (peer, ours):
            if side.prepare:
                side.prepare()
            run, _ = run_child(side.argv, side.env)
            side.runs.append(run)


# ---------------------------------------------------------------------- rows


@dataclass
class Row:
    number: int
    path: str
    target: float
    ours: Side | None = None
    peer: Side | None = None
    skipped: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        problems = [s.problem for s in (self.ours, self.peer) if s and s.problem]
        self.note = "; ".join([*problems, self.note] if self.note else problems)

    @property
    def pairs(self) -> int:
        return len(self.ours.runs) if self.ours else 0

    def ratios(self) -> tuple[float, float]:
        assert self.ours and self.peer
        return self.ours.wall() / self.peer.wall(), self.ours.cpu() / self.peer.cpu()

    def cells(self) -> list[str]:
        if self.skipped or not (self.ours and self.peer):
            return [self.path, "—", "—", f"skipped: {self.skipped}", f"≤ {self.target:g}×", "—", "—"]
        rw, rc = self.ratios()
        meets = "meets" if rc <= self.target else "over"
        return [
            self.path,
            f"{self.ours.wall():.3f} s / {self.ours.cpu():.3f} s CPU",
            f"{self.peer.label} {self.peer.wall():.3f} s / {self.peer.cpu():.3f} s CPU",
            f"{rw:.2f}× / {rc:.2f}× CPU",
            f"≤ {self.target:g}× ({meets})",
            f"{self.ours.rss_mb():.0f} MB",
            str(self.pairs),
        ]


HEADERS = ["path", "tasktui (wall / CPU)", "peer or floor (wall / CPU)", "ratio", "target", "tasktui peak RSS", "pairs"]


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def tasktui_argv() -> list[str]:
    """The installed console script next to this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("tasktui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tasktui"]


def tasktui_env(home: Path) -> dict[str, str]:
    """A home of its own: no user config file, no user store, the same for every run."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    env.pop("TASKTUI_DB", None)
    return env


def py(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def row_deadline(work: Path, pairs: int) -> Row:
    env = tasktui_env(work / "home")
    nostore = str(work / "no-store.db")  # never created: `deadline` reads no store then
    ours = Side(
        "tasktui",
        [*tasktui_argv(), "--db", nostore, "deadline", "3月底前", "--date", "2026-03-02"],
        env,
        check=lambda out: None if out.strip() == b"2026-03-31" else f"printed {out[:80]!r}",
    )
    code = (
        "import sys\nfrom datetime import date\nfrom tasktui.extract.deadlines import resolve_deadline\n"
        "print(resolve_deadline(sys.argv[1], date(2026, 3, 2)).cli_value)"
    )
    peer = Side(
        "resolver alone",
        py(code, "3月底前"),
        env,
        check=lambda out: None if out.strip() == b"2026-03-31" else f"printed {out[:80]!r}",
    )
    measure_pair(ours, peer, pairs)
    return Row(1, "`tasktui deadline 3月底前`", 1.5, ours, peer)


def row_help(work: Path, pairs: int) -> Row:
    env = tasktui_env(work / "home")
    ours = Side("tasktui", [*tasktui_argv(), "--help"], env, check=_nonempty)
    peer = Side("import argparse", py("import argparse"), env)
    measure_pair(ours, peer, pairs)
    return Row(2, "`tasktui --help`", 1.5, ours, peer)


def _nonempty(out: bytes) -> str | None:
    return None if out.strip() else "printed nothing"


def speech_text(sections: int = 8, points: int = 4, seed: int = 3) -> str:
    """A leader's speech as pasted from a web page: a review section, then numbered sections
    with points, 一要…二要… sentences, responsible units and deadline phrases."""
    rng = random.Random(seed)
    nums = "一二三四五六七八九十"
    lines = ["在全区安全生产和重点工作推进会议上的讲话", "（2026年3月2日）", "同志们：", ""]
    lines.append(
        "今天召开这次会议，主要任务是总结去年工作，安排部署今年重点任务。"
        "过去一年，全区上下攻坚克难，各项工作取得明显成效，但也存在一些短板和不足。"
    )
    lines.append("一、充分肯定过去一年取得的成绩")
    lines.append(
        "过去一年，全区经济社会发展稳中有进，民生保障持续加强，安全生产形势总体平稳，"
        "群众获得感、幸福感、安全感不断提升。"
    )
    deadlines = ["3月底前", "6月底前", "年底前", "两周内", "5个工作日内", "一个月内", "9月30日前", "上半年"]
    for s in range(1, sections + 1):
        lines.append(f"{nums[s % 10]}、扎实推进{rng.choice(OBJECTS)}等重点工作")
        for p in range(1, points + 1):
            lead, co = rng.sample(UNITS, 2)
            obj = rng.choice(OBJECTS)
            lines.append(
                f"（{nums[p - 1]}）{rng.choice(VERBS)}{obj}。{lead}要牵头，{co}配合，"
                f"一要摸清底数、建立台账，二要压实责任、细化措施，三要强化督导、跟踪问效，"
                f"{rng.choice(deadlines)}完成{obj}任务并报区政府督查室。"
            )
        lines.append("")
    lines.append("同志们，任务艰巨，责任重大。希望大家以只争朝夕的精神，抓好各项工作落实。")
    return "\n".join(lines) + "\n"


def row_extract(work: Path, pairs: int) -> Row:
    env = tasktui_env(work / "home")
    speech = work / "speech.txt"
    speech.write_text(speech_text(), encoding="utf-8")
    ours = Side("tasktui", [*tasktui_argv(), "extract", str(speech)], env, check=_nonempty)
    code = (
        "import sys\nfrom tasktui.extract import extract\nfrom tasktui.extract.textio import read_speech_file\n"
        "print(len(extract(read_speech_file(sys.argv[1])).items))"
    )
    peer = Side("extract in-process", py(code, str(speech)), env, check=_nonempty)
    measure_pair(ours, peer, pairs)
    return Row(3, "`tasktui extract FILE`", 1.5, ours, peer)


# ------------------------------------------------------------ tasks for the store and Taskwarrior


@dataclass
class GenTask:
    meeting: int  # 1-based
    outline: str
    heading: str
    lead: str | None
    co: list[str]
    deadline: date
    status: str
    notes: list[str]
    history: list[dict[str, Any]]


@dataclass
class GenMeeting:
    title: str
    day: date
    tasks: list[GenTask]


def generate(n: int, seed: int = 5, per_meeting: int = 50) -> list[GenMeeting]:
    """`n` open directives (待分派, 已交办, 整改中) over meetings of `per_meeting` tasks:
    every one is in `tasktui list`'s default set and pending in Taskwarrior."""
    rng = random.Random(seed)
    meetings: list[GenMeeting] = []
    for tid in range(1, n + 1):
        if (tid - 1) % per_meeting == 0:
            day = TODAY - timedelta(days=rng.randint(20, 600))
            meetings.append(GenMeeting(f"全区第{len(meetings) + 1}次专题工作会议", day, []))
        m = meetings[-1]
        heading = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{tid}项）"
        deadline = m.day + timedelta(days=rng.randint(10, 400))
        roll = rng.random()
        lead = None if roll < 0.05 else rng.choice(UNITS)
        co = [u for u in rng.sample(UNITS, rng.choice((0, 0, 1, 2))) if u != lead] if lead else []
        status = "待分派" if lead is None else "已交办" if roll < 0.5 else "整改中"
        notes: list[str] = []
        history: list[dict[str, Any]] = []
        if status == "整改中" and roll > 0.9:  # a tenth carry their history in full
            at = datetime.combine(m.day, datetime.min.time()) + timedelta(hours=10)
            history = [
                {"at": at, "actor": OFFICE, "action": "created", "to": "待分派"},
                {
                    "at": at + timedelta(days=1),
                    "actor": OFFICE,
                    "action": "assigned",
                    "to": lead,
                    **({"note": f"配合: {'、'.join(co)}"} if co else {}),
                },
                {
                    "at": at + timedelta(days=rng.randint(3, 15)),
                    "actor": lead,
                    "action": "progress",
                    "from": "已交办",
                    "to": "整改中",
                    "note": rng.choice(NOTES),
                },
            ]
        elif status == "整改中":
            notes = rng.sample(NOTES, rng.choice((1, 1, 2)))
        m.tasks.append(
            GenTask(len(meetings), str(len(m.tasks) + 1), heading, lead, co, deadline, status, notes, history)
        )
    return meetings


def task_file(meetings: list[GenMeeting]) -> str:
    """The meetings as a task file (README "Task file format")."""
    import tomli_w

    doc = {
        "office": OFFICE,
        "departments": [{"name": u} for u in UNITS],
        "meetings": [
            {
                "title": m.title,
                "date": m.day,
                "tasks": [
                    {
                        "outline": t.outline,
                        "marker": f"{t.outline}.",
                        "heading": t.heading,
                        "kind": "directive",
                        **({"lead": t.lead} if t.lead else {}),
                        **({"co": t.co} if t.co else {}),
                        "deadline": t.deadline,
                        "status": t.status,
                        **({"notes": t.notes} if t.notes else {}),
                        **({"history": t.history} if t.history else {}),
                    }
                    for t in m.tasks
                ],
            }
            for m in meetings
        ],
    }
    return tomli_w.dumps(doc)


def _tw_time(at: datetime | date) -> str:
    if not isinstance(at, datetime):
        at = datetime.combine(at, datetime.min.time())
    return at.strftime("%Y%m%dT%H%M%SZ")


def taskwarrior_json(meetings: list[GenMeeting]) -> str:
    """The same tasks for `task import`: description, due, a project per meeting, entry at
    the meeting, the notes (and history notes) as annotations."""
    out = []
    for mi, m in enumerate(meetings, 1):
        entry = datetime.combine(m.day, datetime.min.time()) + timedelta(hours=9)
        for t in m.tasks:
            notes = [(entry + timedelta(days=i + 1), x) for i, x in enumerate(t.notes)]
            notes += [(h["at"], h["note"]) for h in t.history if h.get("note")]
            task: dict[str, object] = {
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"tasktui-bench/{mi}/{t.outline}")),
                "status": "pending",
                "description": t.heading,
                "entry": _tw_time(entry),
                "due": _tw_time(t.deadline),
                "project": f"m{mi}",
            }
            if notes:
                task["annotations"] = [{"entry": _tw_time(at), "description": x} for at, x in notes]
            out.append(task)
    return "\n".join(json.dumps(t, ensure_ascii=False) for t in out) + "\n"


def taskwarrior_env(data: Path) -> dict[str, str]:
    rc = data.parent / f"{data.name}.taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\ncolor=off\nhooks=off\ngc=off\nverbose=nothing\n"
        "defaultwidth=0\nnews.version=2.6.2\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(TASKRC=str(rc), TASKDATA=str(data), TZ="UTC")
    return env


def schema_version() -> int:
    sys.path.insert(0, str(ROOT))
    from tasktui.models import SCHEMA_VERSION

    return SCHEMA_VERSION


class Cache:
    """Stores and Taskwarrior folders under the temporary folder, keyed by size and schema."""

    def __init__(self, rebuild: bool, root: Path = TMP) -> None:
        self.rebuild = rebuild
        self.root = root
        self.schema = schema_version()
        self.done: set[Path] = set()

    def path(self, kind: str, n: int, suffix: str = "") -> Path:
        return self.root / f"tasktui-speed-{kind}-s{self.schema}-g{GENERATOR}-{n}{suffix}"

    def stale(self, p: Path) -> bool:
        """True when `p` must be (re)built: missing, or --rebuild and not built in this run."""
        if p.exists() and (not self.rebuild or p in self.done):
            return False
        self.done.add(p)
        if p.is_dir():
            shutil.rmtree(p)
        else:  # a store's WAL left beside a new file would be read into it
            for q in (p, p.with_name(p.name + "-wal"), p.with_name(p.name + "-shm")):
                q.unlink(missing_ok=True)
        return True

    def files(self, n: int) -> tuple[Path, Path]:
        """The task file and Taskwarrior's JSON of `n` generated tasks."""
        toml, js = self.path("tasks", n, ".toml"), self.path("tasks", n, ".json")
        if self.stale(toml) | self.stale(js):
            meetings = generate(n)
            toml.write_text(task_file(meetings), encoding="utf-8")
            js.write_text(taskwarrior_json(meetings), encoding="utf-8")
        return toml, js

    def list_store(self, n: int, home: Path) -> Path:
        db = self.path("list", n, ".db")
        if self.stale(db):
            toml, _ = self.files(n)
            t0 = time.perf_counter()
            run_child(
                [*tasktui_argv(), "--db", str(db), "--today", TODAY.isoformat(), "import", str(toml)], tasktui_env(home)
            )
            print(f"  built {db} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        return db

    def taskwarrior_data(self, n: int) -> Path:
        data = self.path("taskdata", n)
        if self.stale(data):
            _, js = self.files(n)
            data.mkdir(parents=True)
            subprocess.run(["task", "import", str(js)], env=taskwarrior_env(data), check=True, capture_output=True)
        return data

    def empty_store(self, home: Path) -> Path:
        db = self.path("empty", 0, ".db")
        if self.stale(db):
            run_child([*tasktui_argv(), "--db", str(db), "db", "init"], tasktui_env(home))
        return db

    def report_store(self, n: int) -> Path:
        db = self.path("report", n, ".db")
        if self.stale(db):
            sys.path.insert(0, str(BENCH_DIR))
            import report_scale  # the report benchmark's store: one builder for both

            report_scale.build_store(db, n)
        return db


def _lines_check(n: int, count: Callable[[bytes], int]) -> Callable[[bytes], str | None]:
    def check(out: bytes) -> str | None:
        got = count(out)
        return None if got == n else f"printed {got} task lines, expected {n}"

    return check


def _tasktui_rows(out: bytes) -> int:
    return sum(1 for line in out.splitlines() if line.startswith(b"#"))


def _taskwarrior_rows(out: bytes) -> int:
    return sum(1 for line in out.splitlines() if line.strip())


def row_list(work: Path, pairs: int, cache: Cache, n: int) -> Row:
    path = f"`tasktui list`, {_k(n)} pending"
    if shutil.which("task") is None:
        return Row(4, path, 1.0, skipped="Taskwarrior (`task`) is not on PATH")
    home = work / "home"
    db = cache.list_store(n, home)
    data = cache.taskwarrior_data(n)
    ours = Side(
        "tasktui",
        [*tasktui_argv(), "--db", str(db), "--today", TODAY.isoformat(), "list"],
        tasktui_env(home),
        check=_lines_check(n, _tasktui_rows),
    )
    peer = Side("`task list`", ["task", "list"], taskwarrior_env(data), check=_lines_check(n, _taskwarrior_rows))
    measure_pair(ours, peer, pairs)
    return Row(4, path, 1.0, ours, peer)


def row_import(work: Path, pairs: int, cache: Cache, n: int) -> list[Row]:
    path = f"task-file import, {_k(n)} tasks"
    if shutil.which("task") is None:
        return [Row(5, path, 3.0, skipped="Taskwarrior (`task`) is not on PATH")]
    home = work / "home"
    toml, js = cache.files(n)
    empty = cache.empty_store(home)
    db = work / "import.db"
    data = work / "import-taskdata"

    def fresh_store() -> None:
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            p.unlink(missing_ok=True)
        shutil.copyfile(empty, db)

    def fresh_taskdata() -> None:
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir()

    env = taskwarrior_env(data)
    ours = Side(
        "tasktui",
        [*tasktui_argv(), "--db", str(db), "--today", TODAY.isoformat(), "import", str(toml)],
        tasktui_env(home),
        prepare=fresh_store,
    )
    peer = Side("`task import`", ["task", "import", str(js)], env, prepare=fresh_taskdata)
    measure_pair(ours, peer, pairs)
    # The last runs of each left their stores: both hold every task.
    with closing(sqlite3.connect(db)) as con:
        got = str(con.execute("SELECT count(*) FROM task").fetchone()[0])
    tw = subprocess.run(["task", "count", "status:pending"], env=env, capture_output=True, text=True).stdout.strip()
    note = "" if got == tw == str(n) else f"imported {got} tasks, Taskwarrior {tw}, expected {n}"
    rows = [Row(5, path, 3.0, ours, peer, note=note)]
    # Where the rest of the time goes: against what any import through this store must load
    # (SQLAlchemy and the models, pypinyin's dictionaries for the keys) plus parsing the file.
    floor = Side("libraries + parse", py(IMPORT_FLOOR, str(toml)))
    again = Side(ours.label, ours.argv, ours.env, prepare=fresh_store)
    measure_pair(again, floor, pairs)
    rows.append(Row(5, f"{path}, vs loading its libraries and parsing the file", 1.5, again, floor))
    # How much of the 3× any Python import into this schema spends before it has checked
    # anything: the TOML parse and the very rows tasktui wrote, written by sqlite3 alone.
    bare_rows = work / "import-rows.marshal"
    dump_rows(db, empty, bare_rows)
    bare_db = work / "bare.db"

    def fresh_bare() -> None:
        for p in (bare_db, bare_db.with_name(bare_db.name + "-wal"), bare_db.with_name(bare_db.name + "-shm")):
            p.unlink(missing_ok=True)
        shutil.copyfile(empty, bare_db)

    bare = Side("parse + sqlite3 writes", py(IMPORT_BARE, str(toml), str(bare_rows), str(bare_db)), prepare=fresh_bare)
    tw_again = Side(peer.label, peer.argv, peer.env, prepare=fresh_taskdata)
    measure_pair(bare, tw_again, pairs)
    with closing(sqlite3.connect(bare_db)) as con:
        got = str(con.execute("SELECT count(*) FROM task").fetchone()[0])
    note = "" if got == str(n) else f"the bare writer stored {got} tasks, expected {n}"
    label = f"{path}: floor (TOML parse + tasktui's rows written by sqlite3 alone, nothing checked) vs `task import`"
    rows.append(Row(5, label, 3.0, bare, tw_again, note=note))
    return rows


def dump_rows(db: Path, empty: Path, out: Path) -> None:
    """The rows an import added (every table the empty store has no rows in, search index
    and generated columns left to SQLite), marshalled for IMPORT_BARE."""
    with closing(sqlite3.connect(db)) as con, closing(sqlite3.connect(empty)) as blank:
        names = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            if not r[0].startswith(("sqlite_", "task_fts"))
        ]
        tables = []
        for name in names:
            if blank.execute(f"SELECT count(*) FROM {name}").fetchone()[0]:
                continue
            cols = [r[1] for r in con.execute(f"PRAGMA table_xinfo({name})") if not r[6]]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
            if rows:
                tables.append((name, cols, rows))
    out.write_bytes(marshal.dumps(tables))


# Row 5's third line: what a Python import of these rows costs at the least — the TOML parse,
# and the rows tasktui wrote (read from a marshal file) inserted with sqlite3 in one
# transaction, 500 rows per statement as tasktui's own bulk insert does.
IMPORT_BARE = r"""
import marshal, sqlite3, sys, tomli
with open(sys.argv[1], encoding="utf-8") as f:
    tomli.loads(f.read())
with open(sys.argv[2], "rb") as f:
    tables = marshal.load(f)
con = sqlite3.connect(sys.argv[3], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
for name, cols, rows in tables:
    per = max(1, min(500, 30000 // len(cols)))
    one = "(" + ", ".join("?" * len(cols)) + ")"
    for i in range(0, len(rows), per):
        chunk = rows[i : i + per]
        sql = f"INSERT INTO {name} ({', '.join(cols)}) VALUES " + ", ".join([one] * len(chunk))
        con.execute(sql, [v for r in chunk for v in r])
con.execute("COMMIT")
con.close()
"""


# The floor of row 5's second line: the store's ORM and tables, the pinyin dictionaries every
# new heading's keys need, and the TOML parse; nothing validated, nothing written.
IMPORT_FLOOR = r"""
import sys, tomli
import tasktui.models, sqlalchemy.orm
import pypinyin.constants, pypinyin.seg.mmseg
with open(sys.argv[1], encoding="utf-8") as f:
    tomli.loads(f.read())
"""


# The floor of row 6: stdlib only, the report's rules for the CSV's columns written out.
REPORT_FLOOR = r'''
import csv, sqlite3, sys
from datetime import date
db, out, cutoff, as_of = sys.argv[1], sys.argv[2], sys.argv[3], date.fromisoformat(sys.argv[4])
COMPLETED = {"已完成待核", "已销号"}
NO_COUNTDOWN = {"已完成待核", "已销号", "不立项", "持续整改"}
NOTE_ACTIONS = {"progress", "done", "note", "extension_requested"}
con = sqlite3.connect(db)
# Driven from task in id order (`+t.kind` keeps the planner off the kind index), events by
# their (task_id, at) index: the ORDER BY then needs no sort. Co-owners and later
# reassignments are grouped once and joined per task.
q = """
WITH c AS (SELECT task_id, group_concat(name, '、') AS names FROM (
    SELECT co.task_id, d.name FROM taskcoowner co JOIN department d ON d.id = co.department_id
    ORDER BY co.task_id, co.seq, d.name) GROUP BY task_id),
l AS (SELECT DISTINCT task_id FROM event WHERE at >= :cut AND action IN ('assigned', 'reassigned'))
SELECT e.task_id, e.at, e.action, e.note, e.status_after, e.deadline_after, e.lead_after, e.co_after,
       t.outline, t.heading, t.seq, m.id, m.title, m.date, c.names, l.task_id
FROM task t JOIN meeting m ON m.id = t.meeting_id JOIN event e ON e.task_id = t.id
LEFT JOIN c ON c.task_id = t.id LEFT JOIN l ON l.task_id = t.id
WHERE +t.kind = 'directive' AND e.at < :cut
ORDER BY t.id, e.at, e.id
"""
rows = []
cur = None
def finish(s):
    if s is None:
        return
    r, comp_at, comp_dl, note, _ = s
    (tid, at, action, _n, status, deadline, lead, co_after, outline, heading, seq, mid, title, mdate, co_now, later) = r
    if co_after is not None:
        co = [x for x in co_after.split("、") if x and x != lead]
    elif later is None and co_now:
        co = [x for x in co_now.split("、") if x != lead]
    else:
        co = []
    days = (date.fromisoformat(deadline) - as_of).days if deadline and status not in NO_COUNTDOWN else None
    on_time = "" if comp_at is None or comp_dl is None else ("是" if comp_at[:10] <= comp_dl else "否")
    rows.append(((mdate or "9999-12-31", mid, seq, tid), [
        str(tid), title, mdate or "", outline, heading, lead or "", "、".join(co), deadline or "",
        "" if days is None else str(days), "是" if days is not None and days < 0 else "否", status,
        comp_at[:10] if comp_at else "", on_time, note or ""]))
for r in con.execute(q, {"cut": cutoff}):
    if cur is None or cur[0][0] != r[0]:
        finish(cur)
        cur = [r, None, None, None, "待分派"]  # last event, completed at, its deadline, note, status
    if r[4] in COMPLETED:
        if cur[4] not in COMPLETED:
            cur[1], cur[2] = r[1], r[5]
    else:
        cur[1] = cur[2] = None
    if r[3] and r[2] in NOTE_ACTIONS:
        cur[3] = r[3]
    cur[0], cur[4] = r, r[4]
finish(cur)
rows.sort(key=lambda x: x[0])
HEADERS = ["序号", "任务ID", "会议", "会议日期", "编号", "工作任务", "牵头单位", "配合单位", "完成时限", "剩余天数",
           "是否逾期", "整改状态", "完成日期", "是否按时", "最新进展"]
with open(out, "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(HEADERS)
    w.writerows([str(i), *cells] for i, (_, cells) in enumerate(rows, 1))
'''

# A second, tighter floor of row 6: the same rows from one aggregate query (the last event,
# the last one before completion and the last note of each task found by GROUP BY over the
# event index), so the ratio is not flattered by a floor that folds in Python.
REPORT_FLOOR_SQL = r'''
import csv, sqlite3, sys
db, out, cut, asof = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
C = "('已完成待核','已销号')"
SETTLED = "('持续整改','已完成待核','已销号','不立项')"
NOTES = "('progress','done','note','extension_requested')"
Q = f"""
WITH a AS (
  SELECT task_id, MAX(at) AS last_at,
    MAX(CASE WHEN status_after NOT IN {C} THEN at END) AS open_at,
    MAX(CASE WHEN note <> '' AND action IN {NOTES} THEN at END) AS note_at
  FROM event WHERE at < :cut GROUP BY task_id
)
SELECT t.id, m.title, m.date, t.outline, t.heading, l.lead_after,
  COALESCE(l.co_after, CASE WHEN NOT EXISTS (SELECT 1 FROM event x WHERE x.task_id = t.id AND x.at >= :cut
     AND x.action IN ('assigned', 'reassigned')) THEN (SELECT group_concat(name, '、') FROM (SELECT d.name
     FROM taskcoowner c JOIN department d ON d.id = c.department_id WHERE c.task_id = t.id
     AND d.name IS NOT l.lead_after ORDER BY c.seq, d.name)) END),
  l.deadline_after,
  CASE WHEN l.deadline_after IS NOT NULL AND l.status_after NOT IN {SETTLED}
       THEN CAST(julianday(l.deadline_after) - julianday(:asof) AS INTEGER) END,
  l.status_after, substr(c.at, 1, 10), c.deadline_after, n.note
FROM a
JOIN task t ON t.id = a.task_id AND t.kind = 'directive'
JOIN meeting m ON m.id = t.meeting_id
JOIN event l ON l.task_id = a.task_id AND l.at = a.last_at
LEFT JOIN event c ON l.status_after IN {C} AND c.id = (SELECT id FROM event WHERE task_id = a.task_id
   AND at > COALESCE(a.open_at, '') ORDER BY at, id LIMIT 1)
LEFT JOIN event n ON n.task_id = a.task_id AND n.at = a.note_at AND n.action IN {NOTES}
ORDER BY m.date IS NULL, m.date, t.meeting_id, t.seq, t.id
"""
con = sqlite3.connect(db)
rows = con.execute(Q, {"cut": cut, "asof": asof})
with open(out, "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow("序号,任务ID,会议,会议日期,编号,工作任务,牵头单位,配合单位,完成时限,剩余天数,是否逾期,整改状态,完成日期,是否按时,最新进展".split(","))
    w.writerows(
        (i, tid, title, mdate or "", outline, heading, lead or "", co or "", dl or "",
         "" if left is None else left, "是" if left is not None and left < 0 else "否", status,
         cdate or "", "" if cdate is None or cdl is None else ("是" if cdate <= cdl else "否"), note or "")
        for i, (tid, title, mdate, outline, heading, lead, co, dl, left, status, cdate, cdl, note) in enumerate(rows, 1)
    )
'''


def compare_files(a: Path, b: Path) -> str:
    x, y = a.read_bytes(), b.read_bytes()
    if x == y:
        lines = x.count(b"\n")
        return f"the two CSV files are identical ({lines - 1} rows)"
    la, lb = x.decode("utf-8-sig").splitlines(), y.decode("utf-8-sig").splitlines()
    diff = [i for i, (p, q) in enumerate(zip(la, lb)) if p != q]
    first = diff[0] if diff else min(len(la), len(lb))
    a_line, b_line = (la[first] if first < len(la) else ""), (lb[first] if first < len(lb) else "")
    return (
        f"the CSV files DIFFER: {len(la) - 1} vs {len(lb) - 1} rows, {len(diff)} lines differ; "
        f"first at line {first + 1}: {a_line!r} vs {b_line!r}"
    )


def row_report(work: Path, pairs: int, cache: Cache, n: int) -> list[Row]:
    db = cache.report_store(n)
    ours_out, floor_out = work / "report.csv", work / "floor.csv"
    # The week's cutoff: the end of its last day (Sunday 2026-11-22), before today.
    as_of = date(2026, 11, 22)
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time()).strftime("%Y-%m-%d %H:%M:%S.%f")
    ours = Side(
        "tasktui",
        [
            *tasktui_argv(),
            "--db",
            str(db),
            "--today",
            TODAY.isoformat(),
            "report",
            "--week",
            WEEK,
            "--format",
            "csv",
            "-o",
            str(ours_out),
        ],
        tasktui_env(work / "home"),
    )
    peer = Side("sqlite3 + csv", py(REPORT_FLOOR, str(db), str(floor_out), cutoff, as_of.isoformat()))
    measure_pair(ours, peer, pairs)
    rows = [Row(6, f"`report --format csv`, {_k(n)} tasks", 1.5, ours, peer, note=compare_files(ours_out, floor_out))]
    tight = Side("one aggregate query", py(REPORT_FLOOR_SQL, str(db), str(floor_out), cutoff, as_of.isoformat()))
    again = Side(ours.label, ours.argv, ours.env)
    measure_pair(again, tight, pairs)
    path = f"`report --format csv`, {_k(n)} tasks, vs one aggregate query"
    rows.append(Row(6, path, 1.5, again, tight, note=compare_files(ours_out, floor_out)))
    # The lines above open a store that passed its integrity check unchanged since (the
    # check is remembered per file: store/checked_files.py). The first report after any
    # change reads every page once more: that case on a line of its own.
    marks = work / "home" / ".cache" / "tasktui" / "checked"
    changed = Side(ours.label, ours.argv, ours.env, prepare=lambda: shutil.rmtree(marks, ignore_errors=True))
    tight_again = Side(tight.label, tight.argv)
    measure_pair(changed, tight_again, pairs)
    path = f"`report --format csv`, {_k(n)} tasks, first after a change (integrity check), vs one aggregate query"
    rows.append(Row(6, path, 1.5, changed, tight_again, note=compare_files(ours_out, floor_out)))
    return rows


# ---------------------------------------------------------------------- main


def run_rows(
    rows: Sequence[int], repeat: int, *, rebuild: bool = False, sizes: Sizes = Sizes(), cache_root: Path = TMP
) -> list[Row]:
    """Measure the given rows (numbers 1–6; row 4 gives one row per list size)."""
    work = Path(tempfile.mkdtemp(prefix="tasktui-speed-"))
    (work / "home").mkdir()
    cache: Cache | None = None
    out: list[Row] = []
    try:
        for number in rows:
            print(f"row {number} …", file=sys.stderr)
            if number in (1, 2, 3):
                fn = {1: row_deadline, 2: row_help, 3: row_extract}[number]
                new = [fn(work, repeat * CHEAP_FACTOR)]
            else:
                cache = cache or Cache(rebuild, cache_root)
                if number == 4:
                    new = [row_list(work, repeat, cache, n) for n in sizes.list]
                elif number == 5:
                    new = row_import(work, repeat, cache, sizes.import_)
                elif number == 6:
                    new = row_report(work, repeat, cache, sizes.report)
                else:
                    raise SystemExit(f"no row {number}: rows are 1–6")
            for r in new:
                if r.note or r.skipped:
                    print(f"  row {r.number}: {r.note or r.skipped}", file=sys.stderr)
            out += new
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    notes = [f"- row {r.number} ({r.path}): {r.note}" for r in rows if r.note]
    return "\n".join(lines + ([""] + notes if notes else []))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rows", default="1,2,3,4,5,6", help="which rows, e.g. 1,4,5 (default: all)")
    ap.add_argument("--repeat", type=int, default=5, help=f"pairs per row (rows 1–3: {CHEAP_FACTOR}× as many)")
    ap.add_argument("--rebuild", action="store_true", help="build the cached stores again")
    args = ap.parse_args()
    numbers = [int(x) for x in args.rows.split(",") if x.strip()]
    rows = run_rows(numbers, args.repeat, rebuild=args.rebuild)
    print(f"commit {_commit()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}")
    print("medians of paired interleaved runs; ratio = tasktui / peer; target judged on CPU\n")
    print(markdown(rows))


def _commit() -> str:
    res = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return res.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
