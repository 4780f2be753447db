"""The first draft of a 检务督察专报's four sections (工作督察情况, 阶段工作进展, 存在问题, 督察意见建议), written
from its frozen figures in plain official Chinese. The office rewrites them before it submits the report; the
draft only spares it copying numbers out of the tables (and copying them wrong)."""

from datetime import date

from .circular_statistics import month_label


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def _h(statistics: dict, key: str, window: str = "month"):
    return statistics.get("headlines", {}).get(key, {}).get(window) or 0


def _rate(statistics: dict, key: str, window: str = "month") -> float | None:
    return statistics.get("headlines", {}).get(key, {}).get(window)


def _numbered(points: list[str]) -> str:
    ordinals = "一二三四五六七八九十"
    return "\n".join(f"{ordinals[i]}是{point}" for i, point in enumerate(points))


def _overview(s: dict) -> str:
    matters = s.get("matters", {})
    month, cut = month_label(date.fromisoformat(s["period"])), _day(s["as_of"])
    text = (
        f"{month}，检务督察部门新立项督察事项{_h(s, 'matters_initiated')}项，办结{_h(s, 'matters_concluded')}项；"
        f"截至{cut}，正在督办{matters.get('in_progress', 0)}项，其中逾期未办结{matters.get('overdue', 0)}项。"
        f"下发督办处理单{_h(s, 'slips_issued')}件，一日内签收{_h(s, 'slips_acknowledged_within_day')}件。"
        f"制发整改通知书列明问题{_h(s, 'problems_found')}个，整改销号{_h(s, 'problems_verified')}个。"
        f"制发督察建议书{_h(s, 'recommendations_issued')}份。"
        f"开展明察暗访、专项督察等检查{_h(s, 'inspections')}次，发现违规违纪问题{_h(s, 'inspection_violations')}个；"
        f"开展约谈、廉政谈话等谈话{_h(s, 'interviews')}次；列席会议{_h(s, 'meetings')}次，"
        f"提出意见{s.get('meetings', {}).get('opinions', {}).get('month', 0)}条。"
    )
    # A report frozen before the case figures existed drafts as it did.
    if "case_reviews" in s:
        text += "\n" + _case_reviews(s)
    if "inquiries" in s:
        text += "\n" + _inquiries(s)
    return text


def _case_reviews(s: dict) -> str:
    """案件质量评查 and 回头看: what was reviewed and graded, the grades, and the problems raised."""
    reviews = s["case_reviews"]
    graded = reviews.get("graded", {}).get("month", 0)
    text = f"案件质量评查方面，本月发起评查{reviews.get('opened', {}).get('month', 0)}件，完成评定{graded}件"
    grades = [(g["grade"], g.get("month", 0)) for g in reviews.get("grades", []) if g.get("month")]
    if grades:
        text += "，其中" + "、".join(f"{name}{count}件" for name, count in grades)
    text += f"；截至统计日尚在评查{reviews.get('assigned', 0)}件。"
    problems = s.get("case_review_problems", {})
    if problems:
        text += (
            f"评查发现问题{problems.get('found', {}).get('month', 0)}个，已整改销号"
            f"{problems.get('verified', {}).get('month', 0)}个，尚未整改{problems.get('open', 0)}个。"
        )
    look_back = s.get("look_back", {})
    if look_back.get("draws", {}).get("month"):
        text += (
            f"开展案件“回头看”抽查{look_back['draws']['month']}批次，抽中案件"
            f"{look_back.get('sampled', {}).get('month', 0)}件。"
        )
    return text


def _inquiries(s: dict) -> str:
    """三个规定: the quarter's records by category and the returns; counts only, as the figures hold them."""
    inquiries = s["inquiries"]
    label, total = inquiries.get("label", "本季度"), inquiries.get("total", 0)
    text = f"落实“三个规定”方面，{label}截至本月末记录过问案件{total}件"
    counted = [(r["label"], r["count"]) for r in inquiries.get("by_category", []) if r.get("count")]
    if counted:
        text += "，其中" + "、".join(f"{name}{count}件" for name, count in counted)
    returns = inquiries.get("returns", [])
    nil, pending = (sum(r.get(key, 0) for r in returns) for key in ("nil", "pending"))
    text += f"；各月月报中零报告{nil}人次"
    text += f"，尚有{pending}人次未报告。" if pending else "，均已按时报告。"
    return text


def _progress(s: dict) -> str:
    on_time = s.get("matters", {}).get("on_time", {})
    month = on_time.get("month", {})
    lines = [
        f"按期办结方面，本月应办结督察事项{month.get('due', 0)}项，按期办结{month.get('on_time', 0)}项，"
        f"按期办结率{_pct(month.get('rate'))}；上月为{_pct(on_time.get('previous', {}).get('rate'))}，"
        f"本年累计为{_pct(on_time.get('year', {}).get('rate'))}。"
    ]
    one_week = s.get("matters", {}).get("one_week", {})
    if one_week.get("concluded"):
        lines.append(
            f"一周办结事项本月办结{one_week['concluded']}项，其中按期办结{one_week['within_due']}项，"
            f"执行率{_pct(one_week.get('rate'))}。"
        )
    ranked = [r for r in s.get("ranking", []) if r.get("rate") is not None]
    if ranked:
        lines.append(
            "各部门按期办结率："
            + "、".join(f"{r['department']}{_pct(r['rate'])}" for r in ranked)
            + "（按由高到低排列）。"
        )
    lines.append(
        f"问题整改方面，本月发现问题{_h(s, 'problems_found')}个，截至统计日已销号的整改率为"
        f"{_pct(_rate(s, 'rectification_rate'))}，本年累计整改率为{_pct(_rate(s, 'rectification_rate', 'year'))}。"
    )
    adoption = {r["adoption"]: r.get("month", 0) for r in s.get("recommendations", {}).get("adoption", [])}
    replied = sum(adoption.values())
    if replied:
        lines.append(
            f"督察建议书本月回复{replied}份，其中采纳{adoption.get('adopted', 0)}份、部分采纳"
            f"{adoption.get('partly', 0)}份、未采纳{adoption.get('not_adopted', 0)}份。"
        )
    return "\n".join(lines)


def _problems(s: dict) -> str:
    points = []
    overdue = s.get("overdue_matters", {})
    if overdue.get("total"):
        worst = overdue["rows"][0] if overdue.get("rows") else None
        point = f"部分督察事项逾期未办结。截至{_day(s['as_of'])}，逾期未办结督察事项{overdue['total']}项"
        if worst:
            point += (
                f"，其中逾期最久的是“{worst['title']}”（{worst['department']}牵头，应于{_day(worst['due_date'])}"
                f"办结，已逾期{worst['workdays_late']}个工作日）"
            )
        points.append(point + "。")
    feedback_rate = _rate(s, "slips_feedback_on_time_rate")
    if feedback_rate is not None and feedback_rate < 1:
        points.append(
            f"督办处理单反馈不够及时，本月按期反馈率为{_pct(feedback_rate)}，退回反馈{_h(s, 'feedback_returned')}次。"
        )
    overdue_problems = sum(r.get("overdue", 0) for r in s.get("problems", {}).get("by_department", []))
    reopened = _h(s, "problems_reopened")
    if overdue_problems or reopened:
        points.append(f"问题整改不够到位，逾期未整改问题{overdue_problems}个，改后又复发{reopened}次。")
    overdue_cases = s.get("overdue_cases", {}).get("overdue", 0)
    if overdue_cases:
        points.append(f"部分案件超过法定办案期限，截至{_day(s['as_of'])}，超期未办结案件{overdue_cases}件。")
    failing = s.get("case_reviews", {}).get("failing", {}).get("month", 0)
    if failing:
        points.append(f"本月案件质量评查中有{failing}件案件评定为不合格，办案质量仍需提升。")
    violations = _h(s, "inspection_violations")
    if violations:
        points.append(f"检查中发现违规违纪问题{violations}个，作风纪律仍需加强。")
    return _numbered(points) if points else "本月未发现突出问题。"


def _suggestions(s: dict) -> str:
    points = []
    if s.get("overdue_matters", {}).get("total"):
        points.append(
            "对逾期未办结的督察事项，由牵头部门明确责任人和完成时限，检务督察部门逐项跟踪督办，"
            "对无正当理由逾期的，提请院领导约谈部门负责人；"
        )
    ranked = [r for r in s.get("ranking", []) if r.get("rate") is not None and r["rate"] < 1]
    if ranked:
        points.append(
            "按期办结率较低的" + "、".join(r["department"] for r in ranked[-3:]) + "要分析原因，提出改进措施；"
        )
    if sum(r.get("overdue", 0) for r in s.get("problems", {}).get("by_department", [])) or _h(s, "problems_reopened"):
        points.append("对逾期未整改和复发的问题，责任部门要举一反三、建立长效机制，检务督察部门将开展回头看；")
    if s.get("overdue_cases", {}).get("overdue") or s.get("case_review_problems", {}).get("overdue"):
        points.append("承办部门要对超期案件和逾期未整改的评查问题逐件说明原因、限期办结，评查结果记入司法档案；")
    if s.get("inquiries", {}).get("returns") and any(r.get("pending") for r in s["inquiries"]["returns"]):
        points.append("严格落实“三个规定”逢问必录，未按时报告的检察人员要及时如实记录或作出零报告；")
    points.append("将按期办结率、问题整改率等督察结果及整改情况纳入部门和个人绩效考核。")
    return _numbered(points)


def narrative_drafts(statistics: dict) -> dict[str, str]:
    """A first draft of each of the four sections, keyed by the MonthlyReport field it fills."""
    if not statistics.get("period"):
        return {"work_overview": "", "progress": "", "problems": "", "suggestions": ""}
    return {
        "work_overview": _overview(statistics),
        "progress": _progress(statistics),
        "problems": _problems(statistics),
        "suggestions": _suggestions(statistics),
    }
