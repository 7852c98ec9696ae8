"""The ledger's (台账) words, pure: which statuses a unit's workbook lists by default and
the choices of its 完成情况 drop-down. Apart from `ledger` so that the command line's
help can name them without loading the database code (or the lifecycle's tables).
"""

from __future__ import annotations

from tasktui.store.statuses import DONE, OPEN_STATUSES, PENDING, STATUSES

# A unit's workbook lists what it still has to work on: every open status the lifecycle
# has except 待分派 (no unit yet) and 已完成待核 (the unit has said it is done; the office
# verifies). Worked out from lifecycle, so a status added there (持续整改) is included.
DEFAULT_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s in OPEN_STATUSES and s not in (PENDING, DONE))

# 完成情况's choices in a unit's workbook (its drop-down).
ONGOING = "推进中"
FINISHED = "已完成"
EXTENSION = "申请延期"
OUTCOMES: tuple[str, ...] = (ONGOING, FINISHED, EXTENSION)

__all__ = ["DEFAULT_STATUSES", "EXTENSION", "FINISHED", "ONGOING", "OUTCOMES"]
