"""The office's default 督察类别, created when the table is empty (after migrate, and after a test flush)."""

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


def ensure_default_categories(*, using: str = "default", **kwargs) -> None:
    """Connected to post_migrate. Only an empty table is filled: the administrator's edits are never undone."""
    from .models import MatterCategory

    if MatterCategory.objects.using(using).exists():
        return
    MatterCategory.objects.using(using).bulk_create(
        MatterCategory(name=name, sort_order=order * 10) for order, name in enumerate(DEFAULT_CATEGORIES)
    )
