"""The office's default rules kept as data — procedures' time limits, the review score sheet and the grade scale —
each created when its table is empty (after migrate, and after a test flush). Migration 0002 seeded the same rows
once; this keeps a database emptied by a flush (and a new deployment's) from having no rules at all."""

from datetime import date

# (name, months, days, extension months, extension days, basis)
PROCEDURES = (
    ("审查逮捕", 0, 7, 0, 0, "刑事诉讼法第九十一条：被拘留人审查批准逮捕 7 日"),
    ("审查起诉", 1, 0, 0, 15, "刑事诉讼法第一百七十二条：1 个月，重大复杂案件可延长 15 日"),
    ("羁押必要性审查", 0, 10, 0, 0, "人民检察院刑事诉讼规则：10 个工作日内提出审查意见（按 10 日计）"),
    ("民事诉讼监督", 3, 0, 0, 0, "人民检察院民事诉讼监督规则：受理后 3 个月内审查终结"),
    ("行政诉讼监督", 3, 0, 0, 0, "人民检察院行政诉讼监督规则：受理后 3 个月内审查终结"),
    ("公益诉讼", 3, 0, 0, 0, "人民检察院公益诉讼办案规则：立案后 3 个月内审查终结"),
)

# The score sheet of 案件质量评查 (100 points): (name, full marks, guidance).
DIMENSIONS = (
    ("实体认定", 20, "事实认定是否清楚，定性是否准确"),
    ("证据审查", 20, "证据是否确实、充分，非法证据是否排除"),
    ("法律适用", 15, "适用法律、司法解释是否正确，量刑建议是否适当"),
    ("办案程序", 15, "是否遵守法定程序和办案期限"),
    ("文书制作", 10, "法律文书是否规范、说理是否充分"),
    ("办案效果", 10, "政治效果、社会效果和法律效果是否统一"),
    ("风险评估", 5, "是否开展办案风险评估并妥善处置"),
    ("卷宗装订", 5, "卷宗材料是否齐全、装订是否规范"),
)

SCALE_NAME = "案件质量评查等次（优质、合格、基本合格、不合格）"
SCALE_FROM = date(2020, 1, 1)
# (name, lowest total, failing)
GRADES = (("优质", 90, False), ("合格", 75, False), ("基本合格", 60, False), ("不合格", 0, True))


def ensure_default_rules(*, using: str = "default", **kwargs) -> None:
    """Connected to post_migrate. Only an empty table is filled: the administrator's edits are never undone."""
    from .models import CaseProcedure, Grade, GradeScale, ReviewDimension

    if not CaseProcedure.objects.using(using).exists():
        CaseProcedure.objects.using(using).bulk_create(
            CaseProcedure(
                name=name,
                limit_months=months,
                limit_days=days,
                extension_months=ext_months,
                extension_days=ext_days,
                basis=basis,
                sort_order=order * 10,
            )
            for order, (name, months, days, ext_months, ext_days, basis) in enumerate(PROCEDURES, start=1)
        )
    if not ReviewDimension.objects.using(using).exists():
        ReviewDimension.objects.using(using).bulk_create(
            ReviewDimension(name=name, max_score=score, guidance=guidance, sort_order=order * 10)
            for order, (name, score, guidance) in enumerate(DIMENSIONS, start=1)
        )
    if not GradeScale.objects.using(using).exists():
        scale = GradeScale.objects.using(using).create(name=SCALE_NAME, effective_from=SCALE_FROM)
        Grade.objects.using(using).bulk_create(
            Grade(scale=scale, name=name, min_score=minimum, is_failing=failing, sort_order=order * 10)
            for order, (name, minimum, failing) in enumerate(GRADES, start=1)
        )
