from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Contributor, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Program"), {"fields": ("name", "contributor", "email_verified")}),
    )
    inlines = [UserRoleInline]
    list_display = ["username", "name", "email", "email_verified", "is_superuser"]


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "size_tier", "country", "listed_publicly"]
    list_filter = ["kind", "size_tier", "listed_publicly"]
    search_fields = ["name", "email", "github", "forum"]
