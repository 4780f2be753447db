from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

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
