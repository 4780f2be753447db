"""What every figure of the 检务督察专报 means, in the words the page, the .docx and the .xlsx print next to it.

The keys are the figures' keys in ``report_statistics.report_statistics``; the texts are frozen into the report's
statistics with the figures, so a report read years later explains its figures the way they were computed.
"""

DEFINITIONS = {
    "period": "统计期间为本月1日至月末；本年累计为1月1日至本月末；上月为上一个自然月。",
    "as_of": "“正在督办”“逾期”等状态类数字以统计日（专报生成之日）的状态为准，生成后冻结，不再随数据变化。",
    "matters_initiated": "立项：立项日期在统计期间内的督察事项（不含草稿）。",
    "matters_concluded": "办结：实际办结日期在统计期间内、状态为已办结的督察事项。",
    "matters_in_progress": "正在督办：统计日状态为已立项或督办中的督察事项。",
    "matters_overdue": "逾期未办结：统计日仍在督办、应办结日期早于统计日的督察事项。",
    "on_time_rate": (
        "按期办结率 = 按期办结 ÷ 应办结。应办结：统计期间内办结的事项，加上应办结日期在统计期间内且统计日已逾期"
        "未办结的事项；按期办结：其中实际办结日期不晚于应办结日期（经批准调整后的日期）的事项。无应办结事项时不计算。"
    ),
    "one_week": (
        "一周办结执行率 = 一周办结事项中按期办结的 ÷ 统计期间内办结的一周办结事项；"
        "另列统计日仍未办结且已超过办结期限的一周办结事项。"
    ),
    "slips_issued": "下发督办单：下发时间在统计期间内的督办处理单。",
    "slips_acknowledged_within_day": "一日内签收：统计期间内下发、且签收时间距下发时间不超过24小时的督办处理单。",
    "slips_feedback_due": "应反馈：办理时限在统计期间内（且早于统计日）的督办处理单，办理时限以延期批准后的为准。",
    "slips_feedback_on_time": (
        "按期反馈：应反馈的督办处理单中，有反馈的提交日期不晚于办理时限的。按期反馈率 = 按期反馈 ÷ 应反馈。"
    ),
    "feedback_returned": "退回反馈：审核结果为退回、审核时间在统计期间内的反馈（次数）。",
    "problems_found": "发现问题：所在整改通知书的制发时间在统计期间内的问题（仅计已制发的通知书）。",
    "problems_claimed": "认领：认领时间在统计期间内的问题（复发后再次认领的，以最近一次认领时间计）。",
    "problems_verified": "销号：销号时间在统计期间内的问题。",
    "problems_overdue": "逾期未整改：统计日尚未销号、整改期限早于统计日的问题。",
    "problems_reopened": "复发：复发登记时间在统计期间内的次数（改后又复发）。",
    "rectification_rate": (
        "整改率 = 统计期间内发现的问题中截至统计日已销号的 ÷ 统计期间内发现的问题。无发现问题时不计算。"
    ),
    "recommendations_issued": "制发督察建议书：制发时间在统计期间内的督察建议书。",
    "recommendations_adoption": (
        "采纳情况：回复时间在统计期间内的督察建议书，按被建议部门回复的采纳、部分采纳、未采纳分列。"
    ),
    "interviews": "谈话：谈话日期在统计期间内的约谈、廉政谈话、诫勉谈话、批评教育，按类别分列。",
    "inspections": (
        "检查：检查日期（开始日期）在统计期间内的明察、暗访、专项督察、网络督查，及其登记的发现问题和其中属违规违纪的。"
    ),
    "meetings": "列席会议：会议日期在统计期间内检务督察部门列席的会议，及在会上提出的意见条数。",
    "overdue_matters": (
        "逾期事项清单：统计日逾期未办结的督察事项，按应办结日期先后排列；逾期天数为应办结日期至统计日的自然日数，"
        "逾期工作日按官方工作日历计算。清单最多列出50项，另注总数。"
    ),
    "ranking": (
        "部门按期办结率排名：按本月按期办结率由高到低排列，率相同的按部门排序；本月无应办结事项的部门列在最后。"
        "事项按牵头部门统计。"
    ),
    "case_reviews": (
        "案件质量评查：发起时间在统计期间内的评查（常规、专项、重点、回头看、每案必检），及评定时间在统计期间内的"
        "评查；“评查中”为统计日尚未评定的评查。"
    ),
    "case_review_grades": (
        "评定等次：评定时间在统计期间内的评查按所评等次分列。等次以评定时施行的评定等次标准为准，"
        "此后标准修改的，已评定的评查保留原等次。"
    ),
    "case_review_problems": (
        "评查发现问题：来源为案件质量评查、已制发的整改通知书所列问题，按整改通知书的制发时间计入统计期间；"
        "销号按销号时间计；未整改、逾期未整改以统计日的状态为准，逾期指整改期限早于统计日。"
        "整改完毕的评查：其发现的问题在统计期间内全部销号的评查。"
    ),
    "look_back": (
        "回头看：抽取时间在统计期间内的回头看抽查批次；抽中案件数不含已被重新抽取取代的批次；"
        "已评定为该批次抽中案件中已完成评定的回头看评查。每批次记录随机种子，可按原参数复核抽取结果。"
    ),
    "overdue_cases": (
        "超期案件：统计日尚未办结（统一业务应用系统未记载办结日期）、办案期限届满日早于统计日的案件，"
        "按承办部门分列；办案期限按诉讼阶段的法定期限（经延长的含延长期限）计算。"
    ),
    "inquiries": (
        "过问案件记录（“三个规定”）：过问日期在本季度（季度首日至本月末）的记录，按过问人类别、性质和方式分列，"
        "只统计件数，不列过问人、内容和案件。月报：本季度各月应报告的检察人员中，已如实记录、零报告和尚未报告的人数。"
    ),
}

LABELS = {
    "period": "统计期间",
    "as_of": "统计日",
    "matters_initiated": "立项督察事项",
    "matters_concluded": "办结督察事项",
    "matters_in_progress": "正在督办事项",
    "matters_overdue": "逾期未办结事项",
    "on_time_rate": "按期办结率",
    "one_week": "一周办结执行率",
    "slips_issued": "下发督办处理单",
    "slips_acknowledged_within_day": "一日内签收",
    "slips_feedback_due": "应反馈",
    "slips_feedback_on_time": "按期反馈率",
    "feedback_returned": "退回反馈",
    "problems_found": "发现问题",
    "problems_claimed": "认领问题",
    "problems_verified": "整改销号",
    "problems_overdue": "逾期未整改",
    "problems_reopened": "问题复发",
    "rectification_rate": "问题整改率",
    "recommendations_issued": "制发督察建议书",
    "recommendations_adoption": "督察建议采纳情况",
    "interviews": "谈话",
    "inspections": "检查",
    "meetings": "列席会议",
    "overdue_matters": "逾期事项清单",
    "ranking": "部门按期办结率排名",
    "case_reviews": "案件质量评查",
    "case_review_grades": "评查等次",
    "case_review_problems": "评查发现问题整改",
    "look_back": "回头看",
    "overdue_cases": "超期案件",
    "inquiries": "过问案件记录",
}


def definition_rows() -> list[dict]:
    """The definitions as the report freezes them: key (for the layout), label and text (for the reader), in order."""
    return [{"key": key, "label": LABELS[key], "definition": text} for key, text in DEFINITIONS.items()]
