"""The search index (FTS5 trigrams on SQLite, a GIN index of characters and pairs on
PostgreSQL) answers exactly what the LIKE predicate answers: many terms of 1, 2 and 3+
characters, ASCII, pinyin and initials, unit names, punctuation, LIKE's own wildcards,
over headings and texts that end right where a term does; kept in step by the database
through inserts and raw updates (both backends: a `test_service` module)."""

from __future__ import annotations

import json

from helpers import BASIC_TOML, assert_search_like_predicate, load_toml, read_data
from sqlalchemy import text

from tasktui.store import queries
from tasktui.store.service import Service

# (heading, text) pairs that stress the edges: one-character values, a term at the very
# end, mixed case, LIKE wildcards and escapes, quotes, spaces, full-width and accented
# letters, a character outside the BMP.
ODD_TASKS: tuple[tuple[str, str], ...] = (
    ("学", "学"),
    ("抓好安全", "各单位抓好安全"),
    ("推进 WiFi 覆盖", "年底前实现 WiFi 全覆盖，100% 完成"),
    ("完成率_达标", "完成率达到 95%，下划线_保留"),
    ('落实"双减"要求', "'单引号' 和 \\ 反斜杠"),
    ("ＡＢＣ全角字母", "Émile 与 ÉCOLE 的大小写"),
    ("推进𠮷字工程", "生僻字𠮷也要能搜到"),
    ("河道治理", "河长制"),
    ("Σ希腊字母", "σ小写"),
    ("营养餐", "营养"),
)

TERMS: tuple[str, ...] = (
    # 1 and 2 characters
    "学",
    "安",
    "全",
    "理",
    "河",
    "餐",
    "鑫",
    "局",
    "%",
    "_",
    "\\",
    '"',
    "'",
    "a",
    "W",
    "i",
    "1",
    "安全",
    "学校",
    "治理",
    "养餐",
    "区教",
    "wi",
    "WI",
    "fi",
    "5%",
    "率_",
    "𠮷",
    "𠮷字",
    "字工",
    "Ａ",
    "ａ",
    "É",
    "é",
    "Σ",
    "σ",
    " ",
    "，",
    # 3 and more
    "控辍保学",
    "抓好安全",
    "各单位",
    "WiFi",
    "wifi",
    "WIFI",
    "100%",
    "95%",
    "率_达",
    "_保留",
    '"双减"',
    "'单引号'",
    "\\ 反",
    "ÉCOLE",
    "école",
    "émile",
    "ＡＢＣ",
    "ａｂｃ",
    "𠮷字工",
    "无此事项",
    "河长制",
    # pinyin, initials, units
    "kcbx",
    "KCBX",
    "kongchuo",
    "jtj",
    "jiaoti",
    "wjj",
    "czj",
    "yyc",
    "hdzl",
    "zzzq",
    "教育体育",
    "区财政局",
    "财政",
    "教体局",
    # LIKE's wildcards must stay literal
    "%%",
    "_%",
    "%学",
    "学%",
    "a_b",
)


def _odd_task_file() -> str:
    lines = ['office = "区政府督查室"', "", "[[meetings]]", 'title = "边界用例会"', "date = 2026-10-15"]
    for i, (heading, body) in enumerate(ODD_TASKS, start=1):
        lines += [
            "",
            "[[meetings.tasks]]",
            f'outline = "{i}"',
            f"heading = {json.dumps(heading, ensure_ascii=False)}",
            f"text = {json.dumps(body, ensure_ascii=False)}",
            'lead = "区教体局"' if i % 2 else 'lead = "区财政局"',
        ]
    return "\n".join(lines) + "\n"


def test_every_term_gives_what_the_like_predicate_gives(basic: Service) -> None:
    load_toml(basic, read_data("search_extra.toml"))
    load_toml(basic, _odd_task_file())
    assert_search_like_predicate(basic, TERMS)


def test_index_is_used_for_terms_without_other_cased_letters(basic: Service) -> None:
    with basic.store.session() as s:
        for term in ("学", "安全", "控辍保学", "kcbx", "100%", "_", '"'):
            assert queries._indexed_candidates(s, term) is not None, term
        # Folding differs between the index and the predicate for these: LIKE alone answers.
        for term in ("É", "ＡＢＣ", "Σ希腊"):
            assert queries._indexed_candidates(s, term) is None, term


def test_index_follows_raw_updates_and_new_tasks(basic: Service) -> None:
    """Whoever writes (the service, a bulk import, raw SQL), the index follows the rows."""
    assert_search_like_predicate(basic, ("校园", "控辍", "kcbx"))
    with basic.store.engine.begin() as conn:
        conn.execute(text("UPDATE task SET heading = '改过的标题乙', search_key = 'gaiguo ggd' WHERE id = 2"))
        conn.execute(text("UPDATE task SET text = '文本也改了' WHERE id = 3"))
    assert_search_like_predicate(basic, ("控辍", "kcbx", "改过", "乙", "ggd", "文本也", "也"))
    assert [r.id for r in basic.list_tasks(queries.TaskQuery(search="乙"))] == [2]
    load_toml(basic, _odd_task_file())
    assert_search_like_predicate(basic, TERMS)


def test_unit_search_needs_no_pinyin_at_query_time(basic: Service) -> None:
    """The units' pinyin keys are stored: a search by initials reads them, and a key left
    empty by a writer that bypassed the ORM is still worked out."""
    with basic.store.engine.begin() as conn:
        keys = dict(conn.execute(text("SELECT name, search_key FROM department")).all())
        assert keys["区教体局"] == "qujiaotiju qjtj"
        conn.execute(text("UPDATE department SET search_key = '' WHERE name = '区财政局'"))
    assert {r.lead for r in basic.list_tasks(queries.TaskQuery(search="czj", include_settled=True))} == {"区财政局"}
    assert_search_like_predicate(basic, ("jtj", "czj", "jiaoyu"))


def test_basic_store_terms(basic: Service) -> None:
    load_toml(basic, BASIC_TOML.replace("区政府督查室", "区政府督查室").replace('title = "', 'title = "第二次'))
    assert_search_like_predicate(basic, ("校园安全", "校园", "校", "营养", "jtj", "xysq"))


def test_search_calls_no_pinyin_conversion(basic: Service, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A search reads stored keys only: the UI's first search does not load pypinyin
    (0.45 s of dictionary) on the way."""
    from tasktui.store import departments

    def refuse(text: str) -> str:
        raise AssertionError(f"pinyin worked out at query time for {text!r}")

    monkeypatch.setattr(departments, "pinyin_key", refuse)
    for term in ("jtj", "kcbx", "财政", "学", "zzzq"):
        basic.list_tasks(queries.TaskQuery(search=term))
        basic.count_tasks(queries.TaskQuery(search=term))
    assert {r.id for r in basic.list_tasks(queries.TaskQuery(search="jtj"))} == {1, 2, 5}
