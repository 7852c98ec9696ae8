"""Issue #13 item 5: the ledgers tasktui writes (`export --format xlsx`, `ledger out`) read
back by the importer into an empty store with the same tasks, owners, deadlines and
statuses — the real writer and the real reader, through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASIC_TOML, run_cli

from tasktui.store.db import Store
from tasktui.store.service import Service, TaskQuery

TODAY = "2026-11-20"


def _cli(db: str, *args: str) -> tuple[int, str, str]:
    run = run_cli(["--db", db, "--today", TODAY, *args])
    return run.returncode, run.stdout, run.stderr


def _directives(url: str) -> dict[str, tuple[str | None, list[str], str | None, str, str | None]]:
    """heading → (lead, co-owners, deadline, status, 责任领导) of every directive."""
    svc = Service(Store(url))
    try:
        rows = svc.list_tasks(TaskQuery(include_settled=True, kinds=("directive",), sort="id"))
        return {
            r.heading: (
                r.lead,
                list(r.co_owners),
                r.deadline.isoformat() if r.deadline else None,
                r.status,
                r.responsible_leader,
            )
            for r in rows
        }
    finally:
        svc.store.dispose()


@pytest.fixture
def source(tmp_path: Path) -> str:
    """basic.toml with a 持续整改 task and a 责任领导, so every field has something to carry."""
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'source.db'}"
    assert _cli(url, "import", str(tmp_path / "tasks.toml"))[0] == 0
    assert _cli(url, "sustain", "1", "--note", "隐患已整改，日常巡查长期坚持")[0] == 0
    assert _cli(url, "leader", "2", "张三副区长")[0] == 0
    return url


def _empty(tmp_path: Path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    # The units a ledger names are registered by the import (--add-units), as a new office would.
    return url


def test_export_xlsx_reads_back_into_an_empty_store(source: str, tmp_path: Path) -> None:
    out = tmp_path / "全部台账.xlsx"
    code, _, err = _cli(source, "export", "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    target = _empty(tmp_path, "from_export.db")
    code, stdout, err = _cli(target, "import", str(out), "--add-units")
    assert code == 0, err + stdout
    assert _directives(target) == _directives(source)


def test_each_units_ledger_reads_back_with_that_units_tasks(source: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    code, _, err = _cli(
        source,
        "ledger",
        "out",
        "-o",
        str(folder),
        "--status",
        "已交办",
        "--status",
        "整改中",
        "--status",
        "持续整改",
        "--status",
        "已完成待核",
    )
    assert code == 0, err
    books = sorted(folder.glob("*.xlsx"))
    assert [b.stem for b in books] == sorted(["区教体局", "区卫健局", "区财政局"])
    everything = _directives(source)
    for book in books:
        unit = book.stem
        target = _empty(tmp_path, f"from_{unit}.db")
        code, stdout, err = _cli(target, "import", str(book), "--add-units")
        assert code == 0, err + stdout
        theirs = {h: v for h, v in everything.items() if v[0] == unit or unit in v[1]}
        assert theirs and _directives(target) == theirs, unit
        # The same file twice changes nothing.
        assert _cli(target, "import", str(book), "--add-units")[0] == 0
        assert _directives(target) == theirs
