from django import template

from audit.labels import action_label

register = template.Library()


@register.filter
def action_name(action: str) -> str:
    return action_label(action)


@register.filter
def object_type_name(object_type: str) -> str:
    """accounts.user → 用户; unknown labels are shown as stored."""
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
