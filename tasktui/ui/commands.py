"""Command palette: every action of the main screen the current actor may take."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

# The palette has room for words: the footer's short label, then what it does.
LONG_NAMES: dict[str, str] = {
    "assign": "交办 / 改派: 定牵头和配合单位、时限",
    "reject": "不立项: 不作为督办事项",
    "deadline": "时限: 按日期或短语（3月底前）设定",
    "extend": "延期: 申请或批准延长时限",
    "progress": "进展: 报告整改进展",
    "done": "完成: 标记完成，待督查室核验",
    "verify": "销号: 核验后销号",
    "reopen": "重开: 重新打开事项",
    "note": "备注: 给事项加一条备注",
    "kind": "类别: 修改事项类别",
    "acknowledge": "签收: 牵头单位确认收到事项（超过设定工作日未签收的标为未签收）",
    "send_back": "退回重办: 不认可完成报告，退回整改（需说明理由）",
    "sustain": "持续整改: 基本完成、需长期坚持（无倒计时，仍按期报送进展）",
    "leader": "领导: 设定责任领导",
    "urgency": "紧急: 调整紧急程度（一般/急办/特急）",
    "attach": "加佐证: 上传佐证材料（pdf、jpg、png、docx、xlsx、txt）",
    "save_attachment": "存佐证: 把事项的一份佐证材料保存为文件",
    "search": "搜索: 文字、拼音或首字母",
    "filter": "筛选: 按单位、状态、会议、未签收、责任领导、紧急程度、来源",
    "clear": "清除选择（再按: 清除筛选和搜索）",
    "select": "选择: 选中或取消当前行，用于批量操作",
    "select_down": "向下多选: 选中当前行和下一行",
    "select_up": "向上多选: 选中当前行和上一行",
    "dashboard": "统计: 各单位办理情况和逾期趋势",
    "import": "导入: 讲话稿或任务文件",
    "units": "单位: 登记、别名、更名、合并单位",
    "meetings": "会议: 查看会议，修改日期、名称、来源",
    "report": "周报: 生成督办周报（Word/Excel/…）",
    "ledger": "台账: 给各单位写出待填的 Excel 台账",
    "remind": "催办: 给有逾期、未签收或未按期报送事项的单位写出催办通知单",
    "undo": "撤销: 撤销本次最后一个操作",
    "reload": "刷新",
}


class TaskActions(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        from tasktui.ui.screens.main import MainScreen

        # `self.screen` is the screen the palette was opened on (app.screen is the palette).
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        out = []
        for b in MainScreen.BINDINGS:
            if not isinstance(b, Binding):
                continue
            name = b.action.split("(")[0]
            if screen.check_action(name, ()) is False:
                continue
            keys = getattr(self.app, "keymap", {}).get(b.id, b.key) if b.id else b.key
            keys = keys.replace("slash", "/").replace("question_mark", "?")
            desc = LONG_NAMES.get(b.id or "", b.description)
            if name == "view":  # view(3) -> "视图: 逾期", by the actor's own tab order
                n = int(b.action[len("view(") : -1])
                if n > len(screen.views):
                    continue
                desc = f"视图: {screen.views[n - 1].label}"
            out.append((desc, b.action, keys))
        out.append(("帮助", "app.help", "?"))
        out.append(("切换明暗主题", "app.toggle_dark", "t"))
        return out

    async def _run(self, action: str) -> None:
        target = self.app if action.startswith("app.") else self.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for desc, action, keys in self._commands():
            yield DiscoveryHit(desc, partial(self._run, action), help=f"按键 {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for desc, action, keys in self._commands():
            score = matcher.match(desc)
            if score > 0:
                yield Hit(score, matcher.highlight(desc), partial(self._run, action), help=f"按键 {keys}")
