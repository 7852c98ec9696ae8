"""What a fresh interpreter imports (a subprocess each): building the command line's
parser loads no database or UI code, and the report helpers the CLI imports at startup
stay light."""

from __future__ import annotations

import subprocess
import sys


def test_building_the_parser_loads_no_database_or_ui_code() -> None:
    code = (
        "import sys, tasktui.cli; tasktui.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'textual', 'openpyxl', 'docx')"
        " or m.startswith('tasktui.extract')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_and_ui_share_the_helpers() -> None:
    import tasktui.cli as cli
    import tasktui.report.make as make
    import tasktui.ui.reporting as reporting

    assert not hasattr(cli, "_date_arg") and not hasattr(make, "_date")
    assert not hasattr(reporting, "check_period") and not hasattr(reporting, "default_path")
    out = subprocess.run(
        [sys.executable, "-c", "import sys, tasktui.report.period; print('tasktui.report.weekly' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"  # light enough for tasktui.cli to import at startup
