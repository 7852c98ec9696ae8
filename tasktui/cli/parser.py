"""The command line's shape: every command, its options and their help (`build_parser`),
and which module of tasktui.cli handles each command (`COMMANDS`).

Built from cheap definitions on every start: this module imports argparse, the argparse
types (arg_types) and the constants the help names (statuses, urgencies, report formats),
never a handler's module. `tasktui.cli.main` imports the one module of the command that
runs (`handler`), so `tasktui --help` loads no database, UI, extractor or document code.
"""

from __future__ import annotations

import argparse
import importlib

from tasktui import __version__
from tasktui.cli.arg_types import (
    date_arg,
    days_arg,
    duration_arg,
    group_by_arg,
    issue_arg,
    kind_arg,
    number_arg,
    path_arg,
    port_arg,
    year_arg,
)
from tasktui.cli.argparse_chinese import ChineseArgumentParser
from tasktui.cli.options import add_global_options, add_web_option
from tasktui.report import FORMATS
from tasktui.store.ledger_terms import DEFAULT_STATUSES as LEDGER_STATUSES
from tasktui.store.statuses import STATUSES, URGENCIES

TYPE_CHECKING = False  # typing's own flag would import typing, which `tasktui --help` does not need
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Handler = Callable[[argparse.Namespace], int]
    Define = Callable[[argparse.ArgumentParser], None]  # adds a command's options to its parser

# Each command and the module of tasktui.cli whose COMMANDS holds its handler (`cmd_x(args)
# -> int`). A new command is added here, in build_parser, and in its module's COMMANDS
# (tests/unit/test_cli_parser.py checks that the three agree).
COMMANDS: dict[str, str] = {
    "ui": "app",
    "demo": "app",
    "import": "files",
    "extract": "files",
    "deadline": "files",
    "export": "files",
    "list": "tasks",
    "show": "tasks",
    "assign": "tasks",
    "progress": "tasks",
    "done": "tasks",
    "verify": "tasks",
    "reopen": "tasks",
    "reject": "tasks",
    "note": "tasks",
    "ack": "tasks",
    "send-back": "tasks",
    "sustain": "tasks",
    "leader": "tasks",
    "urgency": "tasks",
    "extend": "tasks",
    "extensions": "tasks",
    "deadline-set": "tasks",
    "kind": "tasks",
    "attach": "evidence",
    "attachment": "evidence",
    "cadence": "cycle",
    "late-reports": "cycle",
    "remind": "cycle",
    "ledger": "ledger",
    "dept": "admin",
    "db": "admin",
    "backup": "admin",
    "restore": "admin",
    "meetings": "meetings",
    "holidays": "holidays",
    "report": "report",
    "serve": "serve",
}


def handler(command: str) -> Handler:
    """The function that runs `command`, its module imported now (and only its module)."""
    module = importlib.import_module(f"tasktui.cli.{COMMANDS[command]}")
    found: Handler = module.COMMANDS[command]
    return found


EXPECT_VERSION_HELP = "事项在你读到第 N 版之后被改过就不执行（防止覆盖他人的修改）"


class DeferredParser(ChineseArgumentParser):
    """A command's parser whose options are added the first time it is used: parsing
    `tasktui deadline …` builds the deadline command's options and no other command's, and
    `tasktui --help` none (it lists each command's one-line help, which is not the parser's).

    Nothing is set up at construction; `define(parser)` runs on first access to any of the
    parser's attributes (`__getattr__` is only asked for what is missing, and before the
    build every attribute argparse sets is missing), so parsing, help, usage errors and a
    walk over `_actions` all see the whole parser."""

    def __init__(self, define: Define | None = None, **kwargs: Any) -> None:
        # ChineseArgumentParser.__init__ (the expensive part) waits for first use.
        vars(self)["_deferred"] = (define, kwargs)

    def __getattr__(self, name: str) -> Any:
        deferred = vars(self).pop("_deferred", None)
        if deferred is None or name.startswith("__"):  # built already (or being built): really missing
            raise AttributeError(name)
        define, kwargs = deferred
        ChineseArgumentParser.__init__(self, **kwargs)
        if define is not None:
            define(self)
        return getattr(self, name)

    def add_subparsers(self, **kwargs: Any) -> Any:
        # A command's own actions (ledger out, dept add…) are built with it: plain parsers.
        kwargs.setdefault("parser_class", ChineseArgumentParser)
        return super().add_subparsers(**kwargs)


def _subcommand(subparsers: Any, name: str, help_: str) -> argparse.ArgumentParser:
    """A command's action (`ledger out`, `dept add`…) whose help is also its description,
    taking the global options too (they work before or after the command)."""
    sp: argparse.ArgumentParser = subparsers.add_parser(name, help=help_, description=help_)
    add_global_options(sp, top=False)
    return sp


def _users_option(sp: argparse.ArgumentParser, top: bool = True) -> None:
    sp.add_argument(
        "--users",
        type=path_arg,
        metavar="FILE",
        default=None if top else argparse.SUPPRESS,
        help="网页用户文件（默认：SQLite 数据库旁的 数据库文件名.web-users.json）",
    )


def ui_options(sp: argparse.ArgumentParser) -> None:
    """`ui` takes the global options and --web."""
    add_web_option(sp, top=False)


def nothing_more(sp: argparse.ArgumentParser) -> None:
    """An action on a task that takes nothing but its id, --note and --expect-version."""


def build_parser() -> ChineseArgumentParser:
    """The whole command line, every command with its options; help on each of them.
    Each command's options are added when its parser is first used (DeferredParser)."""
    p = ChineseArgumentParser(
        prog="tasktui",
        description="跟踪领导讲话、会议纪要和通知交办的督办事项：交办、进展、销号、周报。",
    )
    p.add_argument("--version", action="version", version=f"tasktui {__version__}", help="显示版本号并退出")
    add_global_options(p, top=True)
    sub = p.add_subparsers(
        dest="command", metavar="COMMAND", help="要做的事（默认 ui：打开终端界面）", parser_class=DeferredParser
    )

    def command(name: str, help_: str) -> Callable[[Define], Define]:
        """Register `name`: its help is also its description; its parser takes the global
        options (they work before or after the command), then what the decorated function adds."""

        def register(define: Define) -> Define:
            def build(sp: argparse.ArgumentParser) -> None:
                add_global_options(sp, top=False)
                define(sp)

            sub.add_parser(name, help=help_, description=help_, define=build)
            return define

        return register

    def action(name: str, help_: str, note_required: bool = False) -> Callable[[Define], Define]:
        """Register an action on one task: ID, --note, --expect-version, then what the
        decorated function adds."""

        def register(define: Define) -> Define:
            @command(name, help_)
            def build(sp: argparse.ArgumentParser) -> None:
                sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号")
                sp.add_argument(
                    "--note", required=note_required, help="写入历史的说明" + ("（必填）" if note_required else "")
                )
                sp.add_argument("--expect-version", type=number_arg, metavar="N", help=EXPECT_VERSION_HELP)
                define(sp)

            return define

        return register

    # ---------------------------------------------------------------- the UI (cli/app.py)
    command("ui", "打开终端界面（默认）")(ui_options)

    @command("demo", "用示例任务文件建一个临时的演示数据库并打开界面")
    def _demo(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--file", type=path_arg, help="载入的任务文件（默认：自带的示例）")
        sp.add_argument("--keep", action="store_true", help="保留演示数据库，并显示它的路径")

    # ---------------------------------------------------------------- files (cli/files.py)
    @command("import", "导入讲话稿（.txt/.docx，- 表示标准输入）、台账（.xlsx/.csv/.docx）或任务文件（.toml）")
    def _import(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="讲话稿（.txt/.docx）、台账（.xlsx/.csv，或以台账表格为主的 .docx）、任务文件（.toml），"
            "或 -（从标准输入读讲话稿）",
        )
        sp.add_argument(
            "--date",
            type=date_arg,
            help="会议日期（默认：从原文中识别；台账：标题中的日期或「会议日期」列），台账中的时限说法据此推算",
        )
        sp.add_argument("--title", help="会议名称（默认：讲话稿的第一行；台账：标题行，否则文件名）")
        sp.add_argument(
            "--add-units",
            action="store_true",
            help="先登记讲话中提到、尚未登记的全部单位（不加时只列出建议）",
        )
        sp.add_argument(
            "--add-unit",
            action="append",
            metavar="NAME",
            help="先登记建议中的这个单位（名称或别名）；可重复",
        )
        sp.add_argument(
            "--map",
            action="append",
            metavar="列名=字段",
            help="台账：指定某列对应的字段（列名写表头或列字母，字段如 工作任务、牵头单位、完成时限，或 不导入）"
            "；可重复",
        )
        sp.add_argument(
            "--dry-run",
            action="store_true",
            help="只读取并显示将导入的内容（台账：列的对应和前几行），不写入数据库",
        )

    @command("extract", "列出讲话稿中的编号事项，不存入数据库")
    def _extract(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("file", metavar="FILE", help="讲话稿（.txt/.docx），或 -（标准输入）")
        sp.add_argument("--date", type=date_arg, help="会议日期（默认：从原文中识别）")
        sp.add_argument("--json", action="store_true", help="输出 JSON")
        sp.add_argument(
            "--explain",
            action="store_true",
            help="在每个事项下列出决定其类别、责任单位和时限的规则（以及判断文体的依据）",
        )

    @command(
        "deadline",
        "换算时限说法：输出日期、UNRESOLVED（待定）或 NONE（无时限）"
        "（节假日：数据库中导入的放假安排，否则 chinesecalendar 的数据，否则估算并给出警告）",
    )
    def _deadline(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("phrase", help="原文中的时限说法，如 3月底前")
        sp.add_argument("--date", type=date_arg, help="会议日期（默认：今天）")

    # ---------------------------------------------------------------- tasks (cli/tasks.py)
    @command("list", "按倒计时列出事项（逾期的在前，无时限的在后）")
    def _list(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--all", action="store_true", help="也列出已销号和不立项的事项")
        sp.add_argument("--status", action="append", help=f"只列这个状态（{'、'.join(STATUSES)}）；可重复")
        sp.add_argument("--unit", help="只列这个单位牵头或配合的事项")
        sp.add_argument("--meeting", type=number_arg, help="只列这个会议的事项（会议编号，见 tasktui meetings）")
        sp.add_argument("--overdue", action="store_true", help="只列逾期的事项")
        sp.add_argument("--due-within", type=days_arg, metavar="N", help="只列 N 天内到期的事项")
        sp.add_argument("--search", help="按文字、拼音或拼音首字母查找（如 kcbx 找 控辍保学）")
        sp.add_argument("--late-reports", action="store_true", help="只列未按期报送的事项（有单位未报上一期进展）")
        sp.add_argument(
            "--unacknowledged",
            action="store_true",
            help="只列未签收的事项（已交办超过设定的工作日仍未签收；配置文件 [cycle] ack_days，默认 2）",
        )
        sp.add_argument("--leader", metavar="NAME", help="只列责任领导含这些字的事项（如 张三）")
        sp.add_argument("--urgency", choices=list(URGENCIES), help=f"只列这个紧急程度的事项（{'、'.join(URGENCIES)}）")
        sp.add_argument(
            "--source-kind", metavar="SOURCE", help="只列这类来源的会议的事项：讲话、会议纪要、通知、批示 或 上级交办"
        )
        sp.add_argument(
            "--kind", action="append", help="事项类别：directive（督办事项，默认）、review、problem、other；可重复"
        )
        sp.add_argument("--json", action="store_true", help="输出 JSON 数组")

    @command("show", "查看一个事项：内容、原文段落、责任单位、历史")
    def _show(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号（tasktui list 的 ID 列）")
        sp.add_argument("--json", action="store_true", help="输出 JSON")

    @command("assign", "交办（把待分派的事项交给牵头单位），或改派")
    def _assign(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号")
        sp.add_argument("--lead", required=True, metavar="UNIT", help="牵头单位：名称、别名或拼音首字母")
        sp.add_argument(
            "--co",
            nargs="*",
            default=None,
            metavar="UNIT",
            help="配合单位，按协办顺序（改派时不写则保留原配合单位；写 --co 不带单位则清除）",
        )
        sp.add_argument("--deadline", metavar="DATE|PHRASE", help="时限：YYYY-MM-DD，或 12月底前 这样的说法")
        sp.add_argument("--note", help="写入历史的备注")
        sp.add_argument(
            "--report-every", metavar="PHRASE", help="汇报频次，如 每月5日前、每周五前、每季度（同一步设定）"
        )
        sp.add_argument("--expect-version", type=number_arg, metavar="N", help=EXPECT_VERSION_HELP)

    action("progress", "报告进展（→ 整改中）", note_required=True)(nothing_more)
    action("done", "标记完成（→ 已完成待核；只有牵头单位可以）")(nothing_more)
    action("verify", "核验销号（→ 已销号；督查室）")(nothing_more)
    action("reopen", "重新打开已完成待核、已销号或不立项的事项")(nothing_more)
    action("reject", "不立项（分派时退回；督查室）")(nothing_more)
    action("note", "在历史中加一条备注", note_required=True)(nothing_more)
    action("ack", "签收交办的事项（已交办；只有牵头单位可以，督查室可代签）")(nothing_more)
    action("send-back", "退回重办：不认可单位的完成报告（已完成待核 → 整改中；督查室；理由必填）", note_required=True)(
        nothing_more
    )
    action(
        "sustain",
        "转为持续整改：基本完成、需长期坚持的事项（无倒计时、不算逾期，仍需按期报送进展；督查室或牵头单位；说明必填）",
        note_required=True,
    )(nothing_more)

    @action("leader", "设定责任领导（督查室）")
    def _leader(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("name", metavar="NAME", help="责任领导，如「张三副区长」；空字符串表示清除")

    @action("urgency", "调整紧急程度（督查室）")
    def _urgency(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("level", metavar="LEVEL", choices=list(URGENCIES), help=f"紧急程度：{'、'.join(URGENCIES)}")

    @action("extend", "延期：单位申请延期，督查室批准延期；督查室用 --deny 驳回申请")
    def _extend(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--to", metavar="DATE|PHRASE", help="新时限：YYYY-MM-DD 或说法")
        sp.add_argument("--deny", action="store_true", help="督查室：驳回待批的延期申请（理由写在 --note）")

    # ---------------------------------------------------------------- evidence (cli/evidence.py)
    @command(
        "attach",
        "上传佐证材料（pdf、jpg、png、docx、xlsx、txt，每份最多 20 MB；"
        "牵头或配合单位和督查室可以；全部成功或全部不存）",
    )
    def _attach(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号")
        sp.add_argument(
            "files", nargs="+", type=path_arg, metavar="FILE", help="要上传的文件；只保存文件名，不保存路径"
        )
        sp.add_argument("--expect-version", type=number_arg, metavar="N", help=EXPECT_VERSION_HELP)

    @command("attachment", "把事项的一份佐证材料另存为文件")
    def _attachment(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号")
        sp.add_argument("n", type=number_arg, metavar="N", help="第几份（tasktui show ID 列出）")
        sp.add_argument(
            "-o",
            "--output",
            required=True,
            metavar="PATH",
            help="写入的文件，或文件夹（已有的文件夹，或以 / 结尾：用原文件名，没有则新建）",
        )
        sp.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    @command("extensions", "列出待批延期：申请单位、申请延至、理由、剩余天数")
    def _extensions(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--json", action="store_true", help="输出 JSON 数组")

    @action("deadline-set", "设定时限（督查室）")
    def _deadline_set(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--to", required=True, metavar="DATE|PHRASE", help="时限：YYYY-MM-DD 或说法")

    @action("kind", "修改类别（督办事项、工作回顾、问题分析、其他）")
    def _kind(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--to",
            required=True,
            metavar="KIND",
            help="directive（督办事项）、review（工作回顾）、problem（问题分析）或 other（其他）",
        )

    # ---------------------------------------------------------------- 汇报频次, 催办 (cli/cycle.py)
    @command("cadence", "设定汇报频次：每月5日前、每周五前、每月、每季度等；空字符串表示清除（督查室）")
    def _cadence(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("id", type=number_arg, metavar="ID", help="事项编号")
        sp.add_argument(
            "phrase", metavar="PHRASE", help='汇报频次，如 每月5日前、每周五前、每季度结束后10日内；"" 清除'
        )
        sp.add_argument("--expect-version", type=number_arg, metavar="N", help=EXPECT_VERSION_HELP)

    @command("late-reports", "列出未按期报送：有汇报频次的事项中，上一期截止后仍未报送进展的单位")
    def _late_reports(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help="按这一天判断（默认：今天）")
        sp.add_argument("--json", action="store_true", help="输出 JSON 数组")

    @command(
        "remind",
        "催办：给有逾期、未签收或未按期报送事项的每个单位写一份催办通知单（.docx），并在每个事项的历史中记录催办（督查室）",
    )
    def _remind(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--unit", action="append", metavar="UNIT", help="只催办这个单位；可重复")
        sp.add_argument("-o", "--output", type=path_arg, metavar="DIR", help="写入催办通知单的文件夹（没有则新建）")
        sp.add_argument("--dry-run", action="store_true", help="只列出要催办的单位和事项，不写文件、不记录")
        sp.add_argument(
            "--again",
            action="store_true",
            help="今天已催办过的事项也再次催办（默认：今天催办过就不再执行，以免重复计数）",
        )

    # ---------------------------------------------------------------- files (cli/files.py)
    @command("export", "导出数据库的全部内容")
    def _export(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--format",
            choices=["toml", "json", "xlsx"],
            default="toml",
            help="toml：可用 tasktui import 导回的任务文件（默认）；json：每个事项及其历史；"
            "xlsx：全部督办事项的台账（一张工作表，需 -o）",
        )
        sp.add_argument("-o", "--output", type=path_arg, help="写入的文件（默认：标准输出）")

    # ---------------------------------------------------------------- ledgers (cli/ledger.py)
    @command("ledger", "单位台账（Excel）：给各单位写出待填的台账（out），导入单位报回的台账（in）")
    def _ledger(sp: argparse.ArgumentParser) -> None:
        lsub = sp.add_subparsers(dest="ledger_command", metavar="ACTION", help="out 或 in")
        lo = _subcommand(
            lsub,
            "out",
            "每个单位写一个 .xlsx 台账：它牵头或配合的在办事项，单位只能填写本次进展、完成情况、申请延期至、情况说明"
            "（工作表保护只防误改，不是安全措施：导入时逐行重新核对）（仅督查室）",
        )
        lo.add_argument(
            "-o", "--output", type=path_arg, required=True, metavar="DIR", help="写入台账的文件夹（没有则新建）"
        )
        lo.add_argument(
            "--unit",
            nargs="+",
            metavar="UNIT",
            help="只写这些单位的台账（名称、别名或拼音首字母；默认：有在办事项的全部单位）",
        )
        lo.add_argument(
            "--status",
            action="append",
            help=f"只列这个状态的事项；可重复（默认：{'、'.join(LEDGER_STATUSES)}；可用 {'、'.join(STATUSES)}）",
        )
        lo.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help="印在台账标题下的日期（默认：今天）")
        lo.add_argument(
            "--office", metavar="NAME", help="编制单位；默认：配置文件中 [report] office，否则数据库中记的督查室名称"
        )
        li = _subcommand(
            lsub,
            "in",
            "导入单位报回的台账：每一行以该单位的身份写入（本次进展→报告进展；已完成→标记完成，仅牵头单位；"
            "申请延期→延期申请）。每个文件是一个整体：有任何一行被拒绝，这个文件什么也不写入（仍列出可写入的行），"
            "加 --partial 则只写入可以接受的行；同一文件导入两次不会重复写入。"
            "退出码：0 全部写入、跳过或已导入过，1 有被拒绝的行，2 有文件无法读取（仅督查室）",
        )
        li.add_argument("files", nargs="+", metavar="FILE", help="单位报回的台账（.xlsx，由 tasktui ledger out 写出）")
        li.add_argument(
            "--partial", action="store_true", help="有被拒绝的行时，仍写入这个文件中可以接受的行（默认：整份不写入）"
        )

    # ---------------------------------------------------------------- departments (cli/admin.py)
    @command("dept", "单位（责任单位）：列出、登记、别名、更名、合并")
    def _dept(sp: argparse.ArgumentParser) -> None:
        dsub = sp.add_subparsers(dest="dept_command", metavar="ACTION", help="list（默认）、add、alias、rename、merge")
        dl = _subcommand(dsub, "list", "列出单位、别名和牵头、配合的事项数（按拼音排序）")
        dl.add_argument("--json", action="store_true", help="输出 JSON")
        da = _subcommand(dsub, "add", "登记单位，或给已有单位加别名")
        da.add_argument("name", help="单位全称，如 区教体局")
        da.add_argument("--alias", action="append", default=[], help="单位的其他叫法；可重复")
        da.add_argument("--new", action="store_true", help="名称与已有单位相近时仍登记为新单位")
        dal = _subcommand(dsub, "alias", "给单位加别名")
        dal.add_argument("unit", metavar="UNIT", help="单位名称、别名或拼音首字母")
        dal.add_argument("aliases", nargs="+", metavar="ALIAS", help="新别名")
        dr = _subcommand(dsub, "rename", "单位更名：旧名称保留为别名，历史记录保留旧名称")
        dr.add_argument("unit", metavar="UNIT", help="单位名称、别名或拼音首字母")
        dr.add_argument("new_name", metavar="NEW", help="新名称")
        dm = _subcommand(dsub, "merge", "把一个单位并入另一个：事项转给后者，名称和别名成为后者的别名")
        dm.add_argument("unit", metavar="UNIT", help="并入的单位（合并后不再存在）")
        dm.add_argument("into", metavar="INTO", help="保留的单位")

    # ---------------------------------------------------------------- meetings (cli/meetings.py)
    @command("meetings", "会议：列出（默认），或修改会议的日期、名称、来源")
    def _meetings(sp: argparse.ArgumentParser) -> None:
        msub = sp.add_subparsers(dest="meetings_command", metavar="ACTION", help="list（默认）或 set")
        _subcommand(msub, "list", "列出会议：编号、日期、名称、来源、条目数")
        ms = _subcommand(
            msub, "set", "修改会议的日期、名称或来源；改日期会按新日期重新计算由短语得出的时限（仅督查室）"
        )
        ms.add_argument("id", type=number_arg, metavar="ID", help="会议编号（tasktui meetings 的 ID 列）")
        ms.add_argument(
            "--date", metavar="DATE", help="会议日期：2026-03-05、2026年3月5日，或 3月5日（年份沿用会议原来的）"
        )
        ms.add_argument("--title", help="会议名称")
        ms.add_argument("--source", metavar="SOURCE", help="文件来源：讲话、会议纪要、通知、批示 或 上级交办")

    # ---------------------------------------------------------------- holidays (cli/holidays.py)
    @command("holidays", "法定节假日：导入一年的官方放假安排，或查看各年的安排")
    def _holidays(sp: argparse.ArgumentParser) -> None:
        hsub = sp.add_subparsers(dest="holidays_command", metavar="ACTION", help="list（默认）或 import")
        hl = _subcommand(hsub, "list", "列出已导入的年份；加 --year 显示某年的假期（已导入、软件包数据或估算）")
        hl.add_argument("--year", type=year_arg, metavar="YYYY", help="显示这一年的假期、放假日期和调休上班日")
        hi = _subcommand(
            hsub,
            "import",
            "导入一年的官方放假安排（TOML 文件，格式见 docs/deadlines.md）：取代这一年的估算和软件包数据，"
            "并重新计算已存的、由短语得出的时限（仅督查室）",
        )
        hi.add_argument("file", metavar="FILE", help="放假安排文件（.toml，UTF-8），如 holidays-2027.toml")

    # ---------------------------------------------------------------- report (cli/report.py)
    @command("report", "生成督办周报（md、html、csv、xlsx 或 docx）或督办通报（docx 或 md）")
    def _report(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--week", metavar="YYYY-Www", help="ISO 周次，如 2026-W47（默认：今天所在的一周）")
        sp.add_argument("--month", metavar="YYYY-MM", help="自然月，如 2026-11")
        sp.add_argument("--quarter", metavar="YYYYQn", help="季度，如 2026Q4")
        sp.add_argument(
            "--kind",
            type=kind_arg,
            default=None,
            metavar="周报|通报",
            help="周报（默认；按月、季度统计时标题为月报、季报）或 通报（督办通报：docx 或 md）",
        )
        sp.add_argument(
            "--group-by",
            dest="group_by",
            action="append",
            type=group_by_arg,
            metavar="leader|urgency|source",
            default=None,
            help="周报增加一节分组统计：leader（责任领导）、urgency（紧急程度）、source（来源）；可重复",
        )

        sp.add_argument(
            "--from", dest="date_from", type=date_arg, metavar="YYYY-MM-DD", help="自定日期段的第一天（与 --to 一起用）"
        )
        sp.add_argument(
            "--to", dest="date_to", type=date_arg, metavar="YYYY-MM-DD", help="自定日期段的最后一天（与 --from 一起用）"
        )
        sp.add_argument("--format", choices=FORMATS, default=None, help="输出格式（默认：按文件扩展名，否则 md）")
        sp.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="写入的文件；- 表示标准输出（md/csv/html）；默认：当前文件夹下的 督办周报-<周次>.<格式>",
        )
        sp.add_argument(
            "--issue",
            type=issue_arg,
            metavar="N",
            help="印在标题下的期号；默认：从 ~/.config/tasktui/config.toml 中 [report] first_issue_week 起算，"
            "未设置则不印",
        )
        sp.add_argument(
            "--office",
            metavar="NAME",
            help="编制单位；默认：配置文件中 [report] office，否则数据库中记的督查室名称",
        )

    # ---------------------------------------------------------------- store administration (cli/admin.py)
    @command("db", "数据库管理：init、upgrade、status、grant-unit（PostgreSQL）")
    def _db(sp: argparse.ArgumentParser) -> None:
        dbsub = sp.add_subparsers(dest="db_command", metavar="ACTION", help="要做的事（默认 status）")

        def db_action(name: str, help_: str) -> argparse.ArgumentParser:
            return _subcommand(dbsub, name, help_)

        db_action("status", "显示数据库结构版本，以及是否需要 db upgrade")
        db_action("init", "在空数据库中建立数据库结构（如新建的 PostgreSQL 数据库）")
        db_action("upgrade", "把数据库结构升级到本版 tasktui 的版本（SQLite：先留一份副本）")
        dp = db_action("grant-unit", "PostgreSQL：建立只能查看和修改一个单位事项的登录角色")
        dp.add_argument("unit", metavar="UNIT", help="单位名称或别名")
        dp.add_argument("--role", required=True, help="要建立或更新的数据库角色（小写）")
        dp.add_argument(
            "--password-env",
            metavar="VAR",
            help="从这个环境变量读取角色的密码（密码不要写在命令行上）",
        )
        dp = db_action("revoke-unit", "PostgreSQL：收回单位角色的策略和权限")
        dp.add_argument("--role", required=True, help="要收回的单位角色（grant-unit 时给的）")
        dp.add_argument("--drop-role", action="store_true", help="同时删除这个角色")

    @command("backup", "备份数据库（他人可同时继续工作，副本前后一致）")
    def _backup(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("file", type=path_arg, metavar="FILE", help="要写入的备份文件（不能是数据库本身）")

    @command("restore", "用 tasktui backup 做的备份替换数据库的内容")
    def _restore(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("file", type=path_arg, metavar="FILE", help="tasktui backup 做的备份文件")
        sp.add_argument("--force", action="store_true", help="数据库里已有事项时也替换")

    # ---------------------------------------------------------------- the browser (cli/serve.py)
    @command("serve", "网页版：各单位在浏览器中登录，只能查看和办理本单位的事项（需要 tasktui[web]）")
    def _serve(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1，只供本机；对外请放在反向代理之后）"
        )
        sp.add_argument("--port", type=port_arg, default=8000, help="监听的端口（默认 8000）")
        sp.add_argument(
            "--public-origin",
            metavar="URL",
            help="用户浏览器地址栏中的来源，如 https://dubang.example.cn（默认 http://HOST:PORT）；"
            "每个提交和连接都必须来自这里，在反向代理之后必须写",
        )
        sp.add_argument(
            "--max-sessions-per-user",
            type=number_arg,
            default=2,
            metavar="N",
            help="每个账号同时打开的窗口数（默认 2）",
        )
        sp.add_argument(
            "--max-sessions", type=number_arg, default=60, metavar="N", help="全部同时打开的窗口数（默认 60）"
        )
        sp.add_argument(
            "--idle-minutes", type=duration_arg, default=30, metavar="MIN", help="多少分钟无操作后结束会话（默认 30）"
        )
        sp.add_argument(
            "--max-hours", type=duration_arg, default=8, metavar="H", help="登录多少小时后必须重新登录（默认 8）"
        )
        sp.add_argument(
            "--pgpassfile",
            type=path_arg,
            metavar="FILE",
            help="PostgreSQL：各单位数据库角色的密码文件（libpq 的 .pgpass 格式，0600）；单位的会话以本单位的角色连接",
        )
        sp.add_argument(
            "--trusted-proxy",
            metavar="ADDR",
            help="反向代理的地址：来自它的请求按 X-Forwarded-For 记录和限制客户端地址",
        )
        _users_option(sp)
        ssub = sp.add_subparsers(dest="serve_command", metavar="ACTION", help="user：管理网页用户；不写则启动网页版")
        su = _subcommand(ssub, "user", "网页用户：add、passwd、remove、list（默认）")
        usub = su.add_subparsers(dest="user_command", metavar="ACTION", help="add、passwd、remove、list（默认）")
        ua = _subcommand(usub, "add", "添加网页用户：密码在终端中输入（不是终端时从标准输入读一行）")
        ua.add_argument("name", metavar="NAME", help="登录用的用户名，如 zhangsan 或 张三")
        ua.add_argument("--unit", metavar="UNIT", help="用户所属的单位（名称、别名或拼音首字母）：只能办理本单位的事项")
        ua.add_argument("--role", help="PostgreSQL：这个单位的数据库角色（默认：grant-unit 为这个单位建立的那一个）")
        ua.add_argument("--allow-office", action="store_true", help="添加督查室用户（不写 --unit；可以操作全部事项）")
        up = _subcommand(usub, "passwd", "修改网页用户的密码（该用户已登录的会话随即结束）")
        up.add_argument("name", metavar="NAME", help="用户名")
        ur = _subcommand(usub, "remove", "删除网页用户（该用户已登录的会话随即结束）")
        ur.add_argument("name", metavar="NAME", help="用户名")
        _subcommand(usub, "list", "列出网页用户：用户名、单位、数据库角色")
        for action in (su, ua, up, ur, usub.choices["list"]):
            _users_option(action, top=False)

    return p


__all__ = ["COMMANDS", "EXPECT_VERSION_HELP", "build_parser", "handler"]
