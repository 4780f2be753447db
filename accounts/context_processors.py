from django.utils.functional import SimpleLazyObject

from .navigation import menu_links


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    # Lazy: a page that draws no menu (an error page, a fragment) counts no 待办.
    return {"menu": SimpleLazyObject(lambda: menu_links(request, current_view=current)), "current_view": current}
