"""Bad input, tried on purpose, through the real command line (tasktui.cli.main, in
this process; a real `python -m tasktui` where bytes are piped to standard input).

Every case ends with a clear message and exit 2 (or 1 for a rule), or a correct result;
never a traceback, and the store is left intact (integrity_check, counts unchanged).
The TOML importer is fuzzed with hypothesis: parse_task_file raises TaskFileError or
returns a plan, and applying a plan raises only the service's own errors.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import tomli_w
from helpers import BASIC_TOML, CliRun, load_toml, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasktui.exchange.taskfile import parse_task_file
from tasktui.exchange.toml_reading import TaskFileError
from tasktui.extract.textio import MAX_SPEECH_BYTES
from tasktui.store.db import Store
from tasktui.store.errors import InputError, RuleError, StoreError
from tasktui.store.service import Service
from tasktui.store.views import Actor

TODAY = "2026-11-20"


class Cli:
    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(
        self, *args: str, stdin: bytes | None = None, timeout: float = 120
    ) -> CliRun | subprocess.CompletedProcess[str]:
        argv = ["--db", str(self.db), "--today", TODAY, *args]
        proc: CliRun | subprocess.CompletedProcess[str]
        if stdin is None:  # in this process: no start-up cost (the timeout is a subprocess's)
            proc = run_cli(argv)
        else:  # bytes on a real pipe
            proc = subprocess.run(
                [sys.executable, "-m", "tasktui", *argv],
                input=stdin.decode("latin-1"),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr)
        return proc

    def counts(self) -> tuple[int, ...]:
        con = sqlite3.connect(self.db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return tuple(
                con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("meeting", "task", "event", "department", "departmentalias", "taskcoowner")
            )
        finally:
            con.close()


@pytest.fixture
def cli(tmp_path: Path, clock) -> Cli:  # type: ignore[no-untyped-def]
    db = tmp_path / "store.db"
    store = Store(f"sqlite:///{db}")
    load_toml(Service(store, Actor.office("区政府督查室"), clock), BASIC_TOML)
    store.dispose()
    return Cli(db)


def _refused(proc: CliRun | subprocess.CompletedProcess[str], *words: str, code: int = 2) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.startswith("tasktui: ") or "tasktui: " in proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr


# ---------------------------------------------------------------------- task files

BAD_TOML: dict[str, tuple[bytes, str]] = {
    "truncated": (BASIC_TOML[: BASIC_TOML.index("抓好校园安全") + 3].encode(), "TOML 语法错误"),
    "truncated mid-character": (BASIC_TOML.encode()[:700], "UTF-8"),
    "binary": (bytes(range(256)) * 8, "是二进制文件"),
    "gbk": (BASIC_TOML.encode("gbk"), "UTF-8"),
    "utf16": (BASIC_TOML.encode("utf-16"), ""),
    "wrong types": (
        b'[[meetings]]\ntitle = 5\ndate = "soon"\n[[meetings.tasks]]\noutline = 1\nheading = ["x"]\n'
        b'priority = "high"\nco = "\xe5\x8c\xba\xe6\x95\x99\xe4\xbd\x93\xe5\xb1\x80"\ndeadline = true\n',
        "",
    ),
    "duplicate outlines": (
        '[[meetings]]\ntitle = "会"\n[[meetings.tasks]]\noutline = "1"\nheading = "甲"\n'
        '[[meetings.tasks]]\noutline = "1"\nheading = "乙"\n'.encode(),
        "",
    ),
    "unknown unit": (
        '[[meetings]]\ntitle = "会"\n[[meetings.tasks]]\noutline = "1"\nheading = "甲"\nlead = "不存在局"\n'.encode(),
        "不存在局",
    ),
    "impossible date": ('[[meetings]]\ntitle = "会"\ndate = 2026-02-30\n'.encode(), ""),
    "impossible phrase": (
        '[[meetings]]\ntitle = "会"\n[[meetings.tasks]]\noutline = "1"\nheading = "甲"\nlead = "区教体局"\ndeadline = "2月30日"\n'.encode(),
        "",
    ),
    "duplicate department": (
        '[[departments]]\nname = "区教体局"\naliases = ["卫健局"]\n'.encode(),
        "卫健局",
    ),
    "unknown status": (
        '[[meetings]]\ntitle = "会"\n[[meetings.tasks]]\noutline = "1"\nheading = "甲"\nstatus = "搞定了"\n'.encode(),
        "",
    ),
    "orphan child": ('[[meetings]]\ntitle = "会"\n[[meetings.tasks]]\noutline = "3.1"\nheading = "甲"\n'.encode(), ""),
}


@pytest.mark.parametrize("case", sorted(BAD_TOML))
def test_bad_task_files_are_refused_and_change_nothing(cli: Cli, tmp_path: Path, case: str) -> None:
    data, word = BAD_TOML[case]
    f = tmp_path / "bad.toml"
    f.write_bytes(data)
    before = cli.counts()
    proc = cli("import", str(f))
    if proc.returncode == 0:  # accepted as something meaningful: it must then be whole
        assert case in ("orphan child", "impossible phrase"), proc.stdout
        assert cli.counts()[0] == before[0] + 1
        return
    _refused(proc, word)
    assert "nothing written" in proc.stderr or proc.returncode == 2
    assert cli.counts() == before


def test_odd_paths(cli: Cli, tmp_path: Path) -> None:
    before = cli.counts()
    _refused(cli("import", str(tmp_path / "missing.toml")), "没有这个文件")
    _refused(cli("import", str(tmp_path)))  # a directory
    (tmp_path / "empty.toml").write_bytes(b"")
    proc = cli("import", str(tmp_path / "empty.toml"))  # an empty plan imports nothing
    assert proc.returncode in (0, 2)
    assert cli.counts() == before


def test_extremely_long_lines_in_a_task_file(cli: Cli, tmp_path: Path) -> None:
    heading = "抓好落实" * 250_000  # one 3 MB line
    f = tmp_path / "long.toml"
    f.write_text(
        f'[[meetings]]\ntitle = "长"\n[[meetings.tasks]]\noutline = "1"\nheading = "{heading}"\n', encoding="utf-8"
    )
    proc = cli("import", str(f))
    assert proc.returncode in (0, 2)
    con = sqlite3.connect(cli.db)
    if proc.returncode == 0:
        assert con.execute("SELECT length(heading) FROM task WHERE outline = '1' ORDER BY id DESC").fetchone()[0] > 0
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


# ---------------------------------------------------------------------- commands


def test_sql_metacharacters_and_control_characters_are_just_text(cli: Cli) -> None:
    nasty = "'; DROP TABLE task; -- \" % _ \\ 红 \u202e反 \t end"
    proc = cli("note", "2", "--note", nasty)
    assert proc.returncode == 0, proc.stderr
    show = json.loads(cli("show", "2", "--json").stdout)
    assert show["history"][-1]["note"] == nasty.strip()
    # Terminal escapes and bells are refused with a clear message, nothing written.
    before = cli.counts()
    for bad in ("\x1b[31m红", "响\x07铃"):  # (a NUL cannot even pass through argv)
        proc = cli("note", "2", "--note", bad)
        assert proc.returncode == 2 and "含有控制字符" in proc.stderr, proc.stderr
    assert cli.counts() == before
    assert cli("dept", "add", "Robert'); DROP TABLE department;--", "--alias", "%_\\").returncode == 0
    assert cli("list", "--search", "%'; --").returncode == 0
    assert cli("list", "--search", "_").returncode == 0
    assert cli("list", "--unit", "%").returncode == 2
    counts = cli.counts()
    assert counts[1] == 6 and counts[3] == 4  # tasks all there, one department more


@pytest.mark.parametrize(
    "args,code",
    [
        (["deadline-set", "2", "--to", "2月30日"], 2),
        (["deadline-set", "2", "--to", "2026-02-30"], 2),
        (["assign", "4", "--lead", "不存在局"], 2),
        (["assign", "4", "--lead", "区教体局", "--co", "不存在局"], 2),
        (["show", "99999999999999999999999"], 2),
        (["progress", "-5", "--note", "x"], 2),
        (["note", "2", "--note", "   "], 2),
        (["verify", "2"], 1),
        (["--as", "不存在局", "list"], 2),
        (["--as", "区财政局", "progress", "2", "--note", "不是我的"], 1),
        (["list", "--status", "搞定了"], 2),
        (["kind", "2", "--to", "'; DROP TABLE task; --"], 2),
    ],
)
def test_bad_command_arguments(cli: Cli, args: list[str], code: int) -> None:
    before = cli.counts()
    proc = cli(*args)
    _refused(proc, code=code)
    assert cli.counts() == before


def test_bad_database_urls(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello, not a database\n" * 100)
    for db in (
        str(text_file),
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "mysql://x/y",
        "sqlite:////proc/forbidden/x.db",
    ):
        proc = run_cli(["--db", db, "list"])
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (db, proc.stderr)


# ---------------------------------------------------------------------- speeches

SPEECH = "在全区教育工作会议上的讲话\n（2026年10月10日）\n一、抓好校园安全。区教体局要在11月底前完成隐患排查。\n二、落实经费保障。区财政局要在12月15日前拨付到位。\n"


def test_bad_speech_files(cli: Cli, tmp_path: Path) -> None:
    before = cli.counts()
    cases = {
        "binary.txt": bytes(range(256)) * 64,
        "empty.txt": b"",
        "blank.txt": b" \n\n\t\n",
        "truncated.docx": b"PK\x03\x04" + b"\x00" * 100,
        "zip.docx": _zip_without_document(),
        "halfutf8.txt": SPEECH.encode()[:-2] + b"\xff\xfe\x00",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    proc = cli("import", *(str(tmp_path / n) for n in cases))
    assert proc.returncode == 2
    assert cli.counts()[0] <= before[0] + 1  # at most the half-UTF-8 one lands (it is text)
    for name in ("binary.txt", "empty.txt", "truncated.docx", "zip.docx"):
        assert name in proc.stderr


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a docx")
    return buf.getvalue()


def test_wrong_encodings_are_detected(cli: Cli, tmp_path: Path) -> None:
    for enc in ("gb18030", "utf-16", "utf-8-sig"):
        f = tmp_path / f"speech-{enc}.txt"
        f.write_bytes(SPEECH.replace("全区", f"全区{enc}").encode(enc))
    proc = cli("import", *(str(p) for p in sorted(tmp_path.glob("speech-*.txt"))))
    assert proc.returncode == 0, proc.stderr
    con = sqlite3.connect(cli.db)
    headings = {r[0] for r in con.execute("SELECT heading FROM task")}
    con.close()
    assert any("抓好校园安全" in h for h in headings)


def test_a_50_mb_speech_is_refused_quickly_with_the_limit(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    para = ("一、抓好校园安全工作。区教体局要在3月底前完成隐患排查，确保万无一失。" * 20 + "\n").encode()
    with open(big, "wb") as fh:
        for _ in range(50_000_000 // len(para) + 1):
            fh.write(para)
    assert big.stat().st_size >= 50_000_000
    before = cli.counts()
    import time

    t0 = time.monotonic()
    proc = cli("import", str(big))
    assert time.monotonic() - t0 < 30
    _refused(proc, "MB", f"{MAX_SPEECH_BYTES / 1e6:.0f} MB")
    # The same through stdin: a real pipe.
    proc = subprocess.run(
        [sys.executable, "-m", "tasktui", "--db", str(cli.db), "import", "-"],
        stdin=open(big, "rb"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "MB" in proc.stderr
    assert cli.counts() == before


def test_extremely_long_line_speech(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "oneline.txt"
    f.write_text("讲话" + "一、抓好落实，区教体局要在12月底前完成。" * 40_000, encoding="utf-8")  # ~1.7 MB, one line
    proc = cli("import", str(f), timeout=180)
    assert proc.returncode in (0, 2)
    cli.counts()


# ---------------------------------------------------------------------- fuzzing

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["区教体局", "教体局", "2月30日", "3月底前", "整改中", "1.1", ""]),
)
_task_keys = st.sampled_from(
    [
        "outline",
        "marker",
        "heading",
        "text",
        "kind",
        "lead",
        "co",
        "deadline",
        "status",
        "priority",
        "notes",
        "history",
        "level",
        "bogus",
    ]
)
_value = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
_task = st.dictionaries(_task_keys, _value, max_size=8)
_meeting = st.fixed_dictionaries(
    {"title": _value}, optional={"date": _value, "source": _value, "tasks": st.lists(_task, max_size=4)}
)
_doc = st.fixed_dictionaries(
    {},
    optional={
        "office": _value,
        "departments": st.lists(
            st.dictionaries(st.sampled_from(["name", "aliases", "x"]), _value, max_size=2), max_size=3
        ),
        "meetings": st.lists(_meeting, max_size=3),
        "demo_anchor": _value,
    },
)


def _toml_text(doc: dict) -> str | None:  # type: ignore[type-arg]
    def clean(v):  # type: ignore[no-untyped-def]
        if v is None:
            return "null"
        if isinstance(v, list):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        return v

    try:
        return tomli_w.dumps(clean(doc))
    except (TypeError, ValueError):
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc)
def test_fuzz_parse_task_file_structures(doc: dict) -> None:  # type: ignore[type-arg]
    text = _toml_text(doc)
    if text is None:
        return
    try:
        parse_task_file(
            text,
            filename="f.toml",
            departments={"区教体局": "区教体局", "教体局": "区教体局"},
            now=datetime(2026, 11, 20, 10),
            today=date(2026, 11, 20),
        )
    except TaskFileError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_fuzz_parse_task_file_raw_text(text: str) -> None:
    try:
        parse_task_file(text, now=datetime(2026, 11, 20, 10))
    except TaskFileError:
        pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(_doc)
def test_fuzz_apply_task_file_keeps_the_store_sound(tmp_path_factory: pytest.TempPathFactory, doc: dict) -> None:  # type: ignore[type-arg]
    text = _toml_text(doc)
    if text is None:
        return
    db = tmp_path_factory.mktemp("fz") / "s.db"
    store = Store(f"sqlite:///{db}")
    svc = Service(store, Actor.office("督查室"))
    try:
        tf = parse_task_file(
            text, departments=svc.known_department_names(), now=datetime(2026, 11, 20, 10), today=date(2026, 11, 20)
        )
        svc.apply_task_file(tf)
    except (TaskFileError, InputError, RuleError, StoreError):
        pass
    finally:
        store.dispose()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


@pytest.mark.backends("sqlite", "postgresql")
def test_nul_and_control_characters_through_the_service(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML)
    odd = "h\u202e \"'; DROP TABLE task; --\t"
    row = office.add_note(2, odd)
    assert office.get_task(2).history[-1].note == odd.strip()
    # Control characters get the same clear refusal on both backends, nothing written.
    for bad in ("nul\x00inside", "esc\x1b[31m", "bell\x07"):
        with pytest.raises(InputError, match="含有控制字符"):
            office.add_note(2, bad, expected_version=row.version)
    assert office.get_task(2).row.version == row.version
    assert office.count_tasks() == 5
