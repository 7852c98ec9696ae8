"""`tasktui attach`, `tasktui attachment`, attachments in `show`, `show --json` and the
exports, and `done --note` as a user runs them: real files written and read back, exit
codes, one Chinese line on error. The store is tests/data/basic.toml (see
test_service_attachments.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from helpers import BASIC_TOML, CliRun, run_cli

from tasktui.store.attachments import MAX_FILE_BYTES

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"


def run(tmp_path: Path, *args: str, db: str = "cli.db") -> CliRun:
    proc = run_cli(
        ["--today", "2026-11-20", *args],
        # HOME: the config file read is this test's (none unless it writes one).
        env={"TASKTUI_DB": str(tmp_path / db), "TASKTUI_DEBUG": None, "HOME": str(tmp_path)},
        cwd=tmp_path,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run(tmp_path, "import", "tasks.toml").returncode == 0
    (tmp_path / "材料").mkdir()
    (tmp_path / "材料" / "整改报告.pdf").write_bytes(PDF)
    (tmp_path / "材料" / "情况说明.txt").write_text("已排查 1200 人\n", encoding="utf-8")
    return tmp_path


def test_attach_show_and_save_out(loaded: Path) -> None:
    proc = run(loaded, "attach", "1", "材料/整改报告.pdf", "材料/情况说明.txt", "--as", "区教体局")
    assert proc.returncode == 0, proc.stderr
    assert "#1 已上传第 1 份佐证材料「整改报告.pdf」（PDF" in proc.stdout
    assert "#1 已上传第 2 份佐证材料「情况说明.txt」（文本" in proc.stdout
    shown = run(loaded, "show", "1").stdout
    assert "佐证材料:" in shown
    assert f"1. 整改报告.pdf  PDF  {len(PDF)} 字节  sha256 {hashlib.sha256(PDF).hexdigest()[:12]}" in shown
    assert "上传佐证材料  → 整改报告.pdf" in shown  # the history, in words
    data = json.loads(run(loaded, "show", "1", "--json").stdout)
    assert [(a["seq"], a["name"], a["size"], a["added_by"]) for a in data["attachments"]] == [
        (1, "整改报告.pdf", len(PDF), "区教体局"),
        (2, "情况说明.txt", len("已排查 1200 人\n".encode()), "区教体局"),
    ]
    saved = run(loaded, "attachment", "1", "1", "-o", "out.pdf")
    assert saved.returncode == 0 and "已写入 out.pdf" in saved.stdout
    assert (loaded / "out.pdf").read_bytes() == PDF
    again = run(loaded, "attachment", "1", "1", "-o", "out.pdf")
    assert again.returncode == 2 and "已存在：加 --force 覆盖" in again.stderr
    (loaded / "out.pdf").write_bytes(b"old")
    assert run(loaded, "attachment", "1", "1", "-o", "out.pdf", "--force").returncode == 0
    assert (loaded / "out.pdf").read_bytes() == PDF
    (loaded / "收件").mkdir()
    assert run(loaded, "attachment", "1", "2", "-o", "收件").returncode == 0  # a folder: its own name
    assert (loaded / "收件" / "情况说明.txt").read_text(encoding="utf-8") == "已排查 1200 人\n"
    # A trailing slash means a folder, made when missing (not a file named 新文件夹).
    assert run(loaded, "attachment", "1", "1", "-o", "新文件夹/").returncode == 0
    assert (loaded / "新文件夹" / "整改报告.pdf").read_bytes() == PDF


def test_attach_twice_says_so(loaded: Path) -> None:
    assert run(loaded, "attach", "2", "材料/整改报告.pdf").returncode == 0
    proc = run(loaded, "attach", "2", "材料/整改报告.pdf")
    assert proc.returncode == 0
    assert "已有相同内容的佐证材料（第 1 份「整改报告.pdf」），「整改报告.pdf」未重复上传" in proc.stdout


def test_attach_errors_and_exit_codes(loaded: Path) -> None:
    missing = run(loaded, "attach", "1", "材料/整改报告.pdf", "没有.pdf")
    assert missing.returncode == 2 and "找不到文件 没有.pdf" in missing.stderr
    with zipfile.ZipFile(loaded / "伪装.pdf", "w") as zf:
        zf.writestr("payload.bin", b"x")
    wrong = run(loaded, "attach", "1", "材料/整改报告.pdf", "伪装.pdf")
    assert wrong.returncode == 2 and "「伪装.pdf」的扩展名是 .pdf" in wrong.stderr
    with open(loaded / "大.pdf", "wb") as f:
        f.write(PDF)
        f.truncate(MAX_FILE_BYTES + 1)
    big = run(loaded, "attach", "1", "大.pdf")
    assert big.returncode == 2 and "每份佐证材料最多 20.0 MB" in big.stderr
    folder = run(loaded, "attach", "1", "材料")
    assert folder.returncode == 2 and "是文件夹" in folder.stderr
    assert "佐证材料" not in run(loaded, "show", "1").stdout  # none of the good files either
    theirs = run(loaded, "attach", "3", "材料/整改报告.pdf", "--as", "区教体局")
    assert theirs.returncode == 1 and "#3 不是区教体局牵头或配合的事项" in theirs.stderr
    closed = run(loaded, "attach", "4", "材料/整改报告.pdf")
    assert closed.returncode == 1 and "此事项现为待分派" in closed.stderr
    assert run(loaded, "attach", "1", "材料/整改报告.pdf").returncode == 0
    read = run(loaded, "attachment", "1", "1", "-o", "x.pdf", "--as", "区财政局")
    assert read.returncode == 1 and "#1 不是区财政局牵头或配合的事项" in read.stderr
    absent = run(loaded, "attachment", "1", "7", "-o", "x.pdf")
    assert absent.returncode == 2 and "#1 没有第 7 份佐证材料" in absent.stderr
    assert not (loaded / "x.pdf").exists()


def test_done_needs_a_note_unless_the_config_says_otherwise(loaded: Path) -> None:
    bare = run(loaded, "done", "2", "--as", "区教体局")
    assert bare.returncode == 2 and "标记完成需要填写整改情况（--note）" in bare.stderr
    assert run(loaded, "done", "2", "--as", "区教体局", "--note", "已全部劝返").returncode == 0
    config = loaded / ".config" / "tasktui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[cycle]\ndone_requires_note = false\n", encoding="utf-8")
    assert run(loaded, "done", "3", "--as", "区财政局").returncode == 0
    config.write_text("[cycle]\ndone_requires_note = 1\n", encoding="utf-8")
    reopened = run(loaded, "reopen", "3")
    assert reopened.returncode == 0 and "忽略配置文件" in reopened.stderr and "true 或 false" in reopened.stderr


def test_exports_carry_the_evidence(loaded: Path) -> None:
    assert run(loaded, "attach", "1", "材料/整改报告.pdf", "材料/情况说明.txt").returncode == 0
    assert run(loaded, "export", "--format", "json", "-o", "all.json").returncode == 0
    tasks = {t["id"]: t for t in json.loads((loaded / "all.json").read_text(encoding="utf-8"))}
    evidence = tasks[1]["attachments"]
    assert [a["name"] for a in evidence] == ["整改报告.pdf", "情况说明.txt"]
    for a in evidence:
        content = base64.b64decode(a["content_base64"])
        assert hashlib.sha256(content).hexdigest() == a["sha256"] and len(content) == a["size"]
    assert base64.b64decode(evidence[0]["content_base64"]) == PDF
    assert tasks[2]["attachments"] == []
    # The task file keeps the list; imported elsewhere, it says the bytes are not in it.
    assert run(loaded, "export", "-o", "out.toml").returncode == 0
    text = (loaded / "out.toml").read_text(encoding="utf-8")
    assert "[[meetings.tasks.attachments]]" in text and hashlib.sha256(PDF).hexdigest() in text
    proc = run(loaded, "import", "out.toml", db="copy.db")
    assert proc.returncode == 0, proc.stderr
    assert "列出 2 份佐证材料，但不含文件内容，未导入" in proc.stdout + proc.stderr
    copy = run(loaded, "show", "1", db="copy.db").stdout
    assert "上传佐证材料  → 整改报告.pdf" in copy and "佐证材料:" not in copy
    assert run(loaded, "export", "-o", "again.toml", db="copy.db").returncode == 0
    assert "[[meetings.tasks.attachments]]" not in (loaded / "again.toml").read_text(encoding="utf-8")
