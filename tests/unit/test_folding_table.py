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
