from django import template

from audit.labels import action_label

register = template.Library()


@register.filter
def action_name(action: str) -> str:
    return action_label(action)
