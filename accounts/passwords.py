import secrets
import string

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

_CLASSES = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c in string.digits),
    ("特殊符号", lambda c: not c.isalnum()),
)


class CharacterClassValidator:
    """A password must mix at least ``min_classes`` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        present = sum(1 for _, test in _CLASSES if any(test(c) for c in password))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、特殊符号中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须至少包含大写字母、小写字母、数字、特殊符号中的 {self.min_classes} 类。"


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's length rule, with the message in Chinese (the bundled catalogue lacks this string)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class PasswordHistoryValidator:
    """None of a user's last ``count`` passwords may be chosen again (on change and on reset alike)."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password: str, user=None) -> None:
        if user is None or not user.pk:
            return
        from django.contrib.auth.hashers import check_password

        from .models import PasswordHistory

        recent = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count])
        # Accounts older than the history (or set outside the services) still have their current password.
        hashes = dict.fromkeys([user.password, *recent])
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return f"新密码不能与最近 {self.count} 次使用过的密码相同。"


_ONE_TIME_SYMBOLS = "!@#%&*"
# No 0/O, 1/l/I: a one-time password is read off a screen and typed by someone else.
_ONE_TIME_ALPHABET = "".join(c for c in string.ascii_letters + string.digits + _ONE_TIME_SYMBOLS if c not in "0O1lI")


def one_time_password(length: int = 16) -> str:
    """Random characters from all four classes, so the first sign-in passes the password rules."""
    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits, _ONE_TIME_SYMBOLS)
    while True:
        password = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(length))
        if all(any(c in group for c in password) for group in classes):
            return password
