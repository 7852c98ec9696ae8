"""Importing an extraction pre-fills the lead (牵头) and co-owners (配合) the text states,
when they are known units; the task still waits in 待分派 for the office's 交办."""

from __future__ import annotations

from datetime import date

from tasktui.extract.types import ExtractedItem, Extraction
from tasktui.store.lifecycle import ASSIGNED, PENDING
from tasktui.store.service import Service, TaskQuery

TEXT = "一、改造老旧管网\n由区教体局牵头，区财政局、区审计局配合。\n二、去年成效\n区卫健局完成了改造。\n三、加强巡查\n各街道要加强巡查。\n"


def _extraction() -> Extraction:
    def item(id: str, kind: str, text: str, lead: list[str], co: list[str], owners: list[str]) -> ExtractedItem:
        return ExtractedItem(
            id=id,
            level=1,
            marker=f"{id}、",
            kind=kind,
            text=text,
            body=text,
            owners=owners,
            units=[*lead, *co],
            lead=lead,
            co_owners=co,
            rules={"owners": ["by_lead", "subject_partner"]} if co else {},
        )

    return Extraction(
        title="区政府常务会议纪要",
        meeting_date=date(2026, 10, 10),
        year=2026,
        items=[
            # 区审计局 is no unit of the store: it stays in the hint only
            item(
                "1",
                "directive",
                "改造老旧管网",
                ["区教体局"],
                ["区财政局", "区审计局"],
                ["区教体局", "区财政局、区审计局"],
            ),
            # context, not a task: nothing to pre-fill
            item("2", "review", "去年成效", ["区卫健局"], [], ["区卫健局"]),
            # a unit the store does not know: the office picks the lead
            item("3", "directive", "加强巡查", ["街道"], [], ["各街道"]),
        ],
        warnings=[],
        text=TEXT,
    )


def test_import_prefills_known_lead_and_co_owners(basic: Service) -> None:
    result = basic.import_extraction(_extraction(), source_name="minutes.txt")
    rows = {r.heading: r for r in basic.list_tasks(TaskQuery(kinds=None, meeting_id=result.meeting_id))}
    first = rows["改造老旧管网"]
    assert (first.status, first.lead, first.co_owners) == (PENDING, "区教体局", ["区财政局"])
    assert basic.get_task(first.id).owner_hint == "区教体局、区财政局、区审计局"
    assert (rows["去年成效"].lead, rows["去年成效"].co_owners) == (None, [])
    assert (rows["加强巡查"].lead, rows["加强巡查"].co_owners) == (None, [])
    created = basic.get_task(first.id).history[0]
    assert (created.lead_after, created.co_after) == ("区教体局", "区财政局")


def test_prefilled_lead_is_confirmed_by_assigning(basic: Service) -> None:
    result = basic.import_extraction(_extraction(), source_name="minutes.txt")
    row = next(r for r in basic.list_tasks(TaskQuery(meeting_id=result.meeting_id)) if r.heading == "改造老旧管网")
    done = basic.assign(row.id, row.lead or "", co=row.co_owners)
    assert (done.status, done.lead, done.co_owners) == (ASSIGNED, "区教体局", ["区财政局"])


def test_lead_names_an_alias_of_a_unit(basic: Service) -> None:
    ex = _extraction()
    ex.items[0].lead, ex.items[0].co_owners = ["教体局"], ["卫健局"]  # aliases in the store
    result = basic.import_extraction(ex, source_name="minutes.txt")
    row = next(r for r in basic.list_tasks(TaskQuery(meeting_id=result.meeting_id)) if r.heading == "改造老旧管网")
    assert (row.lead, row.co_owners) == ("区教体局", ["区卫健局"])


def test_a_unit_at_another_level_of_government_is_not_prefilled(basic: Service) -> None:
    ex = _extraction()
    # The text names the county's bureau; the store knows the district's (alias 教体局).
    ex.items[0].lead, ex.items[0].co_owners = ["教体局"], ["区财政局"]
    ex.items[0].owners = ["县教体局", "区财政局"]
    result = basic.import_extraction(ex, source_name="minutes.txt")
    row = next(r for r in basic.list_tasks(TaskQuery(meeting_id=result.meeting_id)) if r.heading == "改造老旧管网")
    assert (row.lead, row.co_owners) == (None, ["区财政局"])
