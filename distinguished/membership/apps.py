from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "distinguished.membership"
    label = "membership"
    verbose_name = "Memberships"
