"""The words the benchmarks' generated stores and task files are made of (units, verbs,
objects of work, progress notes), one copy for report_scale.py and speed_table.py.
Changing a list changes every generated store: bump speed_table's GENERATOR."""

from __future__ import annotations

BUREAUS = [
    f"区{n}局"
    for n in "教体 卫健 住建 应急 市场监管 交通 水务 农业农村 生态环境 民政 人社 文旅 商务 公安 财政 审计".split()
]
STREETS = [f"{n}街道" for n in "东城 西城 南湖 北苑 新城 老城 城关 滨河 高新 临港 金桥".split()]
VERBS = ["开展", "推进", "完成", "加强", "落实", "深化", "健全", "整治"]
OBJECTS = [
    "燃气安全隐患排查",
    "老旧小区改造",
    "校园周边安全管理",
    "食品安全抽检",
    "河道清淤",
    "农村人居环境整治",
    "重点项目建设",
    "营商环境优化",
    "信访积案化解",
    "安全生产大检查",
]
NOTES = ["已制定工作方案", "已完成阶段性任务", "正在组织实施", "已召开专题会议部署", "已完成排查整改"]

__all__ = ["BUREAUS", "NOTES", "OBJECTS", "STREETS", "VERBS"]
