"""Invisible characters in user text: refused at input, and made harmless where stored text is rendered.

Word and WPS put control characters into copied text (U+000B is Word's manual line break, U+000C its page
break); a browser or API client may send NUL. XML 1.0 — and so .docx and .xlsx — cannot hold any of them, and
PostgreSQL refuses NUL, so one such character in a title would make every export that shows it fail.
Tab and newline are ordinary text; CR is allowed only as part of CRLF, which browsers send for a textarea.
Lone surrogates (only an escaped JSON string can carry one) and U+FFFE/U+FFFF are not XML characters either.
"""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

CONTROL_CHARACTERS_MESSAGE = "内容含有不可见的控制字符，请删除后重新输入"
TOO_LONG_MESSAGE = "内容过长：最多 %(limit_value)d 个字，现有 %(show_value)d 个"

# Long texts (requirements, feedback, results) and short ones (a reason, a comment): generous for any real
# text, small enough that a pasted megabyte is a field error, not a row nobody can render.
LONG_TEXT_MAX_LENGTH = 20000
SHORT_TEXT_MAX_LENGTH = 2000

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]|\r(?!\n)")
# What XML cannot hold at all; CR and DEL it can, so renderers keep them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\x0b\x0c]")


def has_control_characters(value: str) -> bool:
    return bool(_REFUSED.search(value))


@deconstructible
class NoControlCharactersValidator:
    """Refuses text with control characters other than tab, newline and CRLF (the message is for a field)."""

    message = CONTROL_CHARACTERS_MESSAGE
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharactersValidator)


no_control_characters = NoControlCharactersValidator()


def without_control_characters(value: str) -> str:
    """The text without what the rule refuses: for a search term, which is not kept and has no field to show a
    message beside (and NUL in a query is an error in PostgreSQL)."""
    return _REFUSED.sub("", value)


def printable(value: str) -> str:
    """Text that XML can hold: Word's line and page breaks become newlines, other invisible characters go.

    For rendering what is already stored; input is refused instead, so the user can see what was wrong.
    """
    if not isinstance(value, str) or not _NOT_XML.search(value):
        return value
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", value))


def guard_text_fields(fields, *, max_length: int = LONG_TEXT_MAX_LENGTH) -> None:
    """Give every text field of a Django form the control-character rule and a maximum length (in Chinese).

    The rule replaces Django's own NUL check, so NUL gets the same Chinese message as every other control
    character instead of two messages. Fields that already have a maximum length (from a model's CharField)
    keep it.
    """
    for field in fields.values():
        if not isinstance(field, forms.CharField):
            continue
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)
        ]
        if no_control_characters not in field.validators:
            field.validators.append(no_control_characters)
        if field.max_length is None:
            field.max_length = max_length
            field.widget.attrs.setdefault("maxlength", str(max_length))
        # Django's own Chinese message speaks of a "变量" (variable); say it as the user sees it.
        field.validators = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)]
        field.validators.append(validators.MaxLengthValidator(field.max_length, message=TOO_LONG_MESSAGE))


class SafeTextFormMixin:
    """For page forms: call ``guard_text_fields`` on this form's fields once they are built."""

    text_max_length = LONG_TEXT_MAX_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields, max_length=self.text_max_length)


class SafeCharField(serializers.CharField):
    """The API's text input: the same rule and the same default maximum length as the page forms."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", LONG_TEXT_MAX_LENGTH)
        kwargs["error_messages"] = {
            "max_length": "内容过长：最多 {max_length} 个字",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)
        # DRF's own NUL and surrogate checks answer in English; this rule covers both, in Chinese.
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, validators.ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator)
        ]
        self.validators.append(no_control_characters)
