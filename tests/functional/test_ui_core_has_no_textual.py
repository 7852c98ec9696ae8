"""The store, extractor and exchange layers must work without the UI: none of them may
import textual (checked in a fresh interpreter, importing every module)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import tasktui.store, tasktui.extract, tasktui.exchange
for pkg in (tasktui.store, tasktui.extract, tasktui.exchange):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # half-written modules, alembic env scripts: not our concern
            if "textual" in str(exc):
                raise
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("\\n".join(bad))
"""


def test_core_packages_never_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"textual imported by core: {out.stdout}"
