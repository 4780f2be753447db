from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from procuracy.text import SHORT_TEXT_MAX_LENGTH, guard_text_fields

from .roles import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错 5 次，账户将被锁定 30 分钟。",
        "inactive": "该账户已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        # No username holds a control character; a password may hold anything (Django refuses only NUL there).
        guard_text_fields({"username": self.fields["username"]})
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class RoleAssignmentForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色",
        required=False,
        choices=[(r.value, r.label) for r in Role],
        widget=forms.CheckboxSelectMultiple,
    )


class UserSearchForm(forms.Form):
    """The security administrator's user list: a search term the database can take, or the message beside it."""

    q = forms.CharField(label="查询", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields, max_length=SHORT_TEXT_MAX_LENGTH)

    def search(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""
