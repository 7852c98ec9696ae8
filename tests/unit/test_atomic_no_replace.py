"""atomic_path(replace=False): the new file takes the name only if nobody holds it when the
file is complete — a file made meanwhile is left alone (the save-an-attachment race)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasktui.atomic_write import atomic_path, write_bytes_atomic
from tasktui.exchange.evidence_files import TargetExists, save_evidence


def test_a_new_name_is_written(tmp_path: Path) -> None:
    target = tmp_path / "证明.pdf"
    write_bytes_atomic(target, b"%PDF-1.7 new", replace=False)
    assert target.read_bytes() == b"%PDF-1.7 new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["证明.pdf"]


def test_a_name_taken_while_writing_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "证明.pdf"
    with pytest.raises(FileExistsError), atomic_path(target, replace=False) as tmp:
        tmp.write_bytes(b"ours")
        target.write_bytes(b"theirs")  # another program saves under the name meanwhile
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["证明.pdf"]  # no temporary file left


def test_replace_still_writes_over(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_saving_evidence_refuses_a_file_that_appears_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """save_evidence looked (no file), then someone saved one: TargetExists, theirs kept."""
    import tasktui.exchange.evidence_files as evidence_files

    real = evidence_files.write_bytes_atomic

    def racing(path: Path, data: bytes, *, replace: bool = True) -> None:
        Path(path).write_bytes(b"theirs")
        real(path, data, replace=replace)

    monkeypatch.setattr(evidence_files, "write_bytes_atomic", racing)
    with pytest.raises(TargetExists):
        save_evidence(str(tmp_path) + "/", "照片.jpg", b"ours", overwrite=False)
    assert (tmp_path / "照片.jpg").read_bytes() == b"theirs"
