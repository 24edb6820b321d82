"""Where things are in the review fill-in workbook: shared by its writer and its reader.

Sheet names and labels exist in both languages, and the reader accepts either, so a
workbook written in English can be read back into a Chinese answers file and vice versa.
Rows are found by their label in column A, not by position, so a user who inserts a row
does not break the read-back.
"""

from __future__ import annotations

TITLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1
EXTRA_ROWS = 3  # blank rows for channels, costs and sources the plan did not have

SHEETS = {
    "readme": {"zh": "填写说明", "en": "Read me"},
    "krs": {"zh": "关键结果", "en": "Key results"},
    "channels": {"zh": "渠道", "en": "Channels"},
    "costs": {"zh": "成本与收入", "en": "Costs and revenue"},
    "funnel": {"zh": "漏斗与参与", "en": "Funnel and participants"},
    "notes": {"zh": "反馈与跟进", "en": "Feedback and follow-up"},
}

HEADERS = {
    "krs": {"zh": ["编号", "目标（O）", "指标", "单位", "基线", "目标值", "实际值"],
            "en": ["Code", "Objective", "Metric", "Unit", "Baseline", "Target", "Actual"]},
    "channels": {"zh": ["渠道", "类型", "预算", "参与人数", "转化数", "实际花费"],
                 "en": ["Channel", "Kind", "Budget", "Participants", "Conversions", "Spent"]},
    "costs": {"zh": ["成本项", "金额"], "en": ["Cost", "Amount"]},
    "funnel": {"zh": ["环节", "人数"], "en": ["Step", "Count"]},
    "sources": {"zh": ["参与来源", "人数"], "en": ["Participant source", "People"]},
    "notes": {"zh": ["类别", "内容", "改进措施（问题填写）", "负责人（跟进填写）",
                     "截止日期（跟进填写）"],
              "en": ["Kind", "Text", "Improvement (problems)", "Owner (follow-up)",
                     "Due (follow-up)"]},
}

# Column letters of the fill-in cells (the reader reports addresses with these).
KR_METRIC, KR_ACTUAL = "C", "G"
CHANNEL_COLUMNS = {"name": "A", "participants": "D", "conversions": "E", "cost": "F"}
NOTE_COLUMNS = {"kind": "A", "text": "B", "improvement": "C", "owner": "D", "due": "E"}

FUNNEL_LABELS = {
    "exposure": {"zh": "曝光", "en": "Exposure"},
    "clicks": {"zh": "点击", "en": "Clicks"},
    "shares": {"zh": "分享", "en": "Shares"},
    "conversions": {"zh": "转化", "en": "Conversions"},
}
LABELS = {
    "revenue": {"zh": "活动收入", "en": "Revenue"},
    "participants_total": {"zh": "参与总人数", "en": "Participants in total"},
    "budget": {"zh": "总预算（参考）", "en": "Budget (for reference)"},
}
NOTE_KINDS = {
    "feedback": {"zh": "用户反馈", "en": "Feedback"},
    "problems": {"zh": "问题", "en": "Problem"},
    "lessons": {"zh": "经验总结", "en": "Lesson"},
    "follow_up": {"zh": "后续跟进", "en": "Follow-up"},
}
IMPROVEMENT = {"zh": "（改进：{}）", "en": " (improvement: {})"}

HINTS = {
    "krs": {"zh": "只填黄色单元格：每个关键结果的实际值（纯数字，不要带单位）。",
            "en": "Fill in the yellow cells only: the actual of each key result (a plain "
                  "number, no unit)."},
    "channels": {"zh": "填写每个渠道的参与人数、转化数和实际花费；计划外的渠道写在下方空行。",
                 "en": "Participants, conversions and spend per channel; add channels that "
                       "were not in the plan in the empty rows below."},
    "costs": {"zh": "按类别填写实际成本（可改名、可在空行添加），并在最后一行填写活动收入。",
              "en": "Actual costs by kind (rename or add rows as needed), and the revenue "
                    "in the last row."},
    "funnel": {"zh": "填写漏斗各环节人数、参与总人数，以及各来源的参与人数。",
               "en": "The funnel counts, the total number of participants, and "
                     "participants by source."},
    "notes": {"zh": "每行一条；类别从下拉列表选择。跟进事项请填写负责人和截止日期（YYYY-MM-DD）。",
              "en": "One item per row; pick the kind from the list. Follow-up actions need "
                    "an owner and a due date (YYYY-MM-DD)."},
}
README = {
    "zh": ["活动复盘数据填报表",
           "活动：{theme}（{start} 至 {end}）",
           "1. 黄色单元格需要填写，灰色单元格来自策划方案，请勿修改。",
           "2. 数字单元格只能填写数字（不带单位、不带 %）；没有的数据留空，不要填 0。",
           "3. 填好后运行：campaign-docs results 答卷文件.yaml --from-xlsx 本文件.xlsx",
           "4. 再运行 campaign-docs generate 答卷文件.yaml --doc review，即得完整复盘报告。"],
    "en": ["Campaign review: data workbook",
           "Campaign: {theme} ({start} to {end})",
           "1. Fill in the yellow cells; the grey cells come from the plan, leave them as "
           "they are.",
           "2. Number cells take plain numbers (no unit, no %); leave a cell empty when you "
           "have no figure, do not type 0.",
           "3. Then run: campaign-docs results ANSWERS.yaml --from-xlsx THIS.xlsx",
           "4. And campaign-docs generate ANSWERS.yaml --doc review for the finished report."],
}


def all_names(table: dict[str, dict[str, str]], key: str) -> set[str]:
    """Every language's spelling of `table[key]`, for reading either language back."""
    return set(table[key].values())


def key_of(table: dict[str, dict[str, str]], label: object) -> str | None:
    """The key whose label (any language) is `label`, else None."""
    text = str(label).strip() if label is not None else ""
    return next((k for k, names in table.items() if text in names.values()), None)
