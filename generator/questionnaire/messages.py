"""The questionnaire's own words (reasons, menus, summary), in zh and en.

The questions themselves live in questionnaires/*.yaml; these are the chrome around them.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # reasons an entry is refused (parse.Invalid codes and engine checks)
    "bad_date": {"zh": "日期写成 2026-11-01、2026/11/1 或 11月1日",
                 "en": "write a date as 2026-11-01, 2026/11/1 or 11月1日"},
    "no_such_date": {"zh": "没有这一天，请检查月份和日期",
                     "en": "that day does not exist; check the month and day"},
    "bad_money": {"zh": "金额写成 20000、2万、20,000 或 ¥20,000",
                  "en": "write an amount as 20000, 2万, 20,000 or ¥20,000"},
    "bad_number": {"zh": "需要一个数字，例如 12000 或 1.2万",
                   "en": "a number is needed, e.g. 12000 or 1.2万"},
    "bad_integer": {"zh": "需要一个整数，例如 5000", "en": "a whole number is needed, e.g. 5000"},
    "bad_bool": {"zh": "请回答 y（是）或 n（否）", "en": "answer y (yes) or n (no)"},
    "bad_counts": {"zh": "“{part}”看不懂：写成 来源 数量，例如 公众号 9800, 短信 5200",
                   "en": "cannot read “{part}”: write source and number: Email 9800, SMS 5200"},
    "negative": {"zh": "不能是负数", "en": "cannot be negative"},
    "below_min": {"zh": "不能小于 {min}", "en": "must be at least {min}"},
    "above_max": {"zh": "不能大于 {max}", "en": "must be at most {max}"},
    "before": {"zh": "不能早于{other}（{value}）", "en": "cannot be before {other} ({value})"},
    "model": {"zh": "{text}", "en": "{text}"},
    "required": {"zh": "这一项必填", "en": "this answer is required"},
    "bad_choice": {"zh": "请输入编号或选项名：{options}",
                   "en": "type a number or a name: {options}"},
    # prompts and chrome
    "help_clear": {"zh": "（输入 - 清空）", "en": "(type - to clear)"},
    "multiline_hint": {"zh": "可多行，空行结束", "en": "several lines allowed; an empty line ends"},
    "lines_hint": {"zh": "每行一条，空行结束", "en": "one per line; an empty line ends"},
    "list_hint": {"zh": "多个用逗号或顿号分隔", "en": "separate several with commas"},
    "counts_hint": {"zh": "来源 数量，逗号分隔，例如 公众号 9800, 短信 5200",
                    "en": "source and number, comma separated, e.g. WeChat 9800, SMS 5200"},
    "choice_hint": {"zh": "输入编号或名称", "en": "type the number or the name"},
    "multichoice_hint": {"zh": "可多选，编号用逗号分隔，例如 1,3",
                         "en": "pick several: numbers separated by commas, e.g. 1,3"},
    "suggested": {"zh": "建议（输入编号选用，或直接输入自己的）",
                  "en": "suggested (type a number to use one, or your own)"},
    "list_empty": {"zh": "（还没有{item}）", "en": "(no {item} yet)"},
    "menu": {"zh": "{item}：回车=完成  a=添加  e 编号=修改  r 编号=删除  m 编号 位置=移动",
             "en": "{item}: Enter=done  a=add  e N=edit  r N=remove  m N POS=move"},
    "menu_bad": {"zh": "看不懂“{entry}”：回车完成，或 a / e 2 / r 2 / m 2 1",
                 "en": "cannot read “{entry}”: press Enter, or type a / e 2 / r 2 / m 2 1"},
    "menu_no_item": {"zh": "没有第 {n} 项", "en": "there is no item {n}"},
    "too_few": {"zh": "至少需要 {min} 项{item}", "en": "at least {min} {item} needed"},
    "too_many": {"zh": "最多 {max} 项{item}", "en": "at most {max} {item}"},
    "add_anyway": {"zh": "仍要再加一个{item}吗？", "en": "Add another {item} anyway?"},
    "item_header": {"zh": "{item} {n}", "en": "{item} {n}:"},
    "proposal": {"zh": "根据前面的回答，建议如下：", "en": "From your answers, the proposal is:"},
    "accept_proposal": {"zh": "采用这个建议？（之后仍可修改）",
                        "en": "Use this proposal? (you can still edit it)"},
    "summary_title": {"zh": "回答汇总", "en": "Summary of your answers"},
    "jump_back": {"zh": "要回到某一部分修改吗？输入编号，回车=完成",
                  "en": "Go back to a section? Type its number, Enter = finish"},
    "items_count": {"zh": "{n} 项", "en": "{n} item(s)"},
    "check_ok": {"zh": "检查通过：{file}", "en": "check passed: {file}"},
    "check_problems": {"zh": "检查发现以下问题（可用 campaign-docs edit 修改）：",
                       "en": "check found these problems (fix them with campaign-docs edit):"},
    "generate_now": {"zh": "现在生成文档吗？", "en": "Generate the documents now?"},
    "generate_later": {"zh": "之后生成：campaign-docs generate {file}",
                       "en": "generate later with: campaign-docs generate {file}"},
    "saved_to": {"zh": "已保存到 {file}", "en": "saved to {file}"},
    "results_none": {"zh": "（计划里没有{item}）", "en": "(the plan has no {item})"},
}


def msg(lang: str, code: str, **params: object) -> str:
    """The message `code` in `lang`, with `{params}` filled in."""
    texts = MESSAGES[code]
    return (texts.get(lang) or texts["en"]).format(**params)
