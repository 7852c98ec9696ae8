"""`tasktui holidays import FILE` (a year's official 放假安排, tasktui.exchange.holiday_file)
and `tasktui holidays list [--year Y]` (the imported years, or one year's breaks from
whichever source decides it: imported, the chinesecalendar package, or the estimate).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tasktui.cli.arg_types import year_arg
from tasktui.cli.options import open_service
from tasktui.cli.output import out, table
from tasktui.store.errors import EXIT_OK

Handler = Callable[[argparse.Namespace], int]


def cmd_holidays(args: argparse.Namespace) -> int:
    action = getattr(args, "holidays_command", None) or "list"
    return ACTIONS[action](args)


def _import(args: argparse.Namespace) -> int:
    from tasktui.exchange.holiday_file import read_holiday_file

    parsed = read_holiday_file(args.file)  # a bad file stops here: nothing opened, nothing written
    with open_service(args) as svc:
        result = svc.import_holidays(parsed.schedule, str(args.file), parsed.note)
    verb = "已导入（取代之前导入的）" if result.replaced else "已导入"
    out(
        f"{result.year}年放假安排{verb}：{result.breaks} 个假期，放假 {result.rest_days} 天，"
        f"调休上班 {result.workdays} 天；{result.year}年的节假日以此为准"
    )
    if not result.changes:
        out("已存的时限没有变化")
        return EXIT_OK
    out(f"重新计算了 {len(result.changes)} 个事项的时限（已记入各事项的历史）：")
    rows = [[f"#{c.task_id}", c.outline, c.heading, c.phrase, c.old_text, c.new_text] for c in result.changes]
    out(table(rows, ["ID", "序号", "事项", "时限说法", "原时限", "新时限"], caps=(8, 8, 30, 16, 10, 10)))
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from tasktui.extract.holidays import SOURCE_WORDS
    from tasktui.extract.workdays import CC_MAX_YEAR, CC_MIN_YEAR

    year = getattr(args, "year", None)  # `tasktui holidays` alone has no --year
    with open_service(args) as svc:
        years = svc.holiday_years()
        calendar = svc.work_calendar() if year else None
    if calendar is not None and year is not None:
        sched = calendar.schedule(year)
        imported = next((y for y in years if y.year == year), None)
        source = SOURCE_WORDS[sched.source] if sched else "无"
        if imported is not None:
            source += f"，{imported.source_name}，{imported.imported_at:%Y-%m-%d} 由{imported.imported_by}导入"
        elif sched is not None and sched.source == "estimated":
            source += "：尚无官方放假安排，按惯例推算，见 docs/deadlines.md；可用 tasktui holidays import 导入"
        out(f"{year}年放假安排（{source}）")
        if sched is None or not sched.breaks:
            out("没有假期数据")
            return EXIT_OK
        rows = [
            [
                b.label,
                f"{b.first.isoformat()} 至 {b.last.isoformat()}",
                str(b.length),
                "、".join(d.isoformat() for d in b.workdays) or "—",
            ]
            for b in sched.breaks
        ]
        out(table(rows, ["假期", "放假", "天数", "调休上班"], caps=(16, 24, 4, 40)))
        return EXIT_OK
    if years:
        rows = [
            [str(y.year), y.source_name, y.note or "—", f"{y.imported_at:%Y-%m-%d %H:%M}", y.imported_by, str(y.breaks)]
            for y in years
        ]
        out(table(rows, ["年份", "文件", "通知", "导入时间", "导入人", "假期数"]))
    else:
        out("还没有导入任何年份的放假安排")
    out(
        f"其余年份：{CC_MIN_YEAR}–{CC_MAX_YEAR} 年用 chinesecalendar 软件包的数据，其他年份按惯例估算"
        "（时限会带“估算”提示）；tasktui holidays list --year 2027 查看某年的安排"
    )
    return EXIT_OK


ACTIONS: dict[str, Handler] = {"list": _list, "import": _import}
COMMANDS: dict[str, Handler] = {"holidays": cmd_holidays}

__all__ = ["ACTIONS", "COMMANDS", "cmd_holidays", "year_arg"]
