"""The office's default 督察类别 and 问题类别, each created when its table is empty (after migrate, and after a test
flush)."""

DEFAULT_CATEGORIES = (
    "党组决策部署督察",
    "上级院部署督察",
    "司法办案督察",
    "检风检纪督察",
    "专项督察",
    "内部审计",
    "机关作风督察",
    "其他",
)

DEFAULT_PROBLEM_CATEGORIES = (
    "司法办案",
    "法律文书",
    "案卷归档",
    "作风纪律",
    "考勤",
    "会议纪律",
    "基建",
    "采购",
    "党建",
    "其他",
)


def ensure_default_categories(*, using: str = "default", **kwargs) -> None:
    """Connected to post_migrate. Only an empty table is filled: the administrator's edits are never undone."""
    from .models import MatterCategory, ProblemCategory

    for model, names in ((MatterCategory, DEFAULT_CATEGORIES), (ProblemCategory, DEFAULT_PROBLEM_CATEGORIES)):
        if not model.objects.using(using).exists():
            model.objects.using(using).bulk_create(
                model(name=name, sort_order=order * 10) for order, name in enumerate(names)
            )
