"""Permission classes of the REST API. They ask django-rules by permission name
(`people/rules.py` registers them), so no app imports another's predicates."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

ADMIN = "distinguished.admin"


class IsProgramAdmin(BasePermission):
    message = _("Only program admins may do this.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(ADMIN))


class ReadAnyoneWriteAdmin(IsProgramAdmin):
    """Anyone reads; program admins write."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)
