from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class Procuratorate(models.Model):
    class Level(models.TextChoices):
        SUPREME = "supreme", "最高人民检察院"
        PROVINCIAL = "provincial", "省级人民检察院"
        MUNICIPAL = "municipal", "市级人民检察院"
        DISTRICT = "district", "基层人民检察院"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=10, unique=True, help_text="文号前缀，例如“马检”")
    level = models.CharField("级别", max_length=20, choices=Level.choices, default=Level.DISTRICT)
    parent = models.ForeignKey(
        "self", verbose_name="上级院", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "检察院"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", "业务部门"
        ADMINISTRATIVE = "administrative", "综合行政部门"
        SUPERVISION_OFFICE = "supervision_office", "检务督察部门"
        # The chief and deputy chiefs: they read and instruct; nobody issues them a slip.
        LEADERSHIP = "leadership", "院领导"

    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name="检察院", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=30, choices=Kind.choices, default=Kind.BUSINESS)
    head = models.ForeignKey(
        "accounts.User",
        verbose_name="部门负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["procuratorate_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procuratorate", "name"], name="department_name_unique_per_procuratorate")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    # Chinese names are written whole; one field instead of AbstractUser's first/last name.
    first_name = None
    last_name = None
    full_name = models.CharField("姓名", max_length=50)
    employee_number = models.CharField("工号", max_length=30, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="由安全保密管理员设置；用户修改密码后自动清除"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # 上次登录 as the user means it: the sign-in before this one (``last_login`` is this one, once signed in).
    previous_login = models.DateTimeField("上次登录", null=True, blank=True, editable=False)

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee_number"],
                condition=~models.Q(employee_number=""),
                name="user_employee_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read from group membership once per request (with the user, by accounts.backends)."""
        if "group_names" in self.__dict__:
            from .backends import ROLE_SEPARATOR

            names = set(self.group_names.split(ROLE_SEPARATOR)) if self.group_names else set()
        else:
            names = {g.name for g in self.groups.all()}
        return frozenset(role for role in Role if role.value in names)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role_labels(self) -> str:
        return "、".join(role.label for role in Role if role in self.roles) or "无角色"

    @property
    def procuratorate(self) -> Procuratorate | None:
        return self.department.procuratorate if self.department_id else None


class ApiToken(models.Model):
    """The key an API client sends as ``Authorization: Token <key>``; one per user, like DRF's own token.

    Unlike DRF's, it ends: after the session's idle time without use, and at the latest
    ``API_TOKEN_MAX_AGE_SECONDS`` after it was issued (``accounts.tokens``).
    """

    key = models.CharField("令牌", max_length=40, primary_key=True)
    user = models.OneToOneField(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_token")
    created_at = models.DateTimeField("签发时间")
    last_used_at = models.DateTimeField("最近使用时间")

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} 的 API 令牌"


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so that none of the last few is chosen again."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_recent")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
