"""Capability checks for pages and API views, so no view has to remember its own."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .roles import Capability, user_can


def capability_required(capability: Capability):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_can(request.user, capability):
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def has_capability(capability: Capability) -> type[BasePermission]:
    """A DRF permission class for one capability."""

    class HasCapability(BasePermission):
        message = "您的角色无权执行此操作。"

        def has_permission(self, request, view):
            user = request.user
            if user.is_authenticated and user.must_change_password:
                self.message = "请先修改密码后再继续操作。"
                return False
            return user_can(user, capability)

    HasCapability.__name__ = f"Has{capability.name.title().replace('_', '')}"
    return HasCapability
