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
