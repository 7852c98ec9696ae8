"""The Traditional→Simplified table is zhconv's zh-cn dictionary, read from zhconv's own
data file without importing zhconv (whose module imports setuptools' pkg_resources)."""

from __future__ import annotations

import subprocess
import sys

from tasktui.extract import folding


def test_the_pairs_are_zhconvs_zh_cn_dictionary() -> None:
    from zhconv.zhconv import getdict

    assert folding._zh_cn_pairs() == getdict("zh-cn")


def test_folding_traditional_text_imports_neither_zhconv_nor_pkg_resources() -> None:
    code = (
        "import sys\n"
        "from tasktui.extract.folding import fold_for_matching\n"
        "assert fold_for_matching('區教育局會議') == '区教育局会议', fold_for_matching('區教育局會議')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('zhconv', 'pkg_resources')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_first_fold_is_safe_from_several_threads() -> None:
    """The UI folds from worker threads: a thread that folds a long text as soon as
    another has published the table (`_T2S`, first use in the process) must find the
    whole table with it, not half of it. A fresh interpreter, switching threads as often
    as it can; each run races several times."""
    code = (
        "import sys, threading\n"
        "from tasktui.extract import folding\n"
        "sys.setswitchinterval(1e-6)\n"
        "text = '國務院辦公廳關於進一步加強督查工作的通知' * 20\n"
        "built, out = threading.Event(), []\n"
        "def fold_once_published() -> None:\n"
        "    while not built.is_set():\n"
        "        if folding._T2S is not None:\n"
        "            try:\n"
        "                out.append(folding.to_simplified(text)[:8])\n"
        "            except Exception as exc:\n"
        "                out.append(repr(exc))\n"
        "threads = [threading.Thread(target=fold_once_published) for _ in range(3)]\n"
        "for t in threads:\n"
        "    t.start()\n"
        "folding.to_simplified(text)\n"
        "built.set()\n"
        "for t in threads:\n"
        "    t.join()\n"
        "print(sorted(set(out)))\n"
    )
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() in ("[]", "['国务院办公厅关于']"), out
