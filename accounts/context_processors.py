from django.utils.functional import SimpleLazyObject

from .navigation import menu_links
from .roles import Capability, user_can


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    # Lazy: a page that draws no menu (an error page, a fragment) counts no 待办.
    return {
        "menu": SimpleLazyObject(lambda: menu_links(request, current_view=current)),
        "current_view": current,
        # 逢问必录: the top bar's 记录过问 opens the inquiry form for everyone with business roles.
        "records_inquiries": user_can(user, Capability.VIEW_BUSINESS),
    }
