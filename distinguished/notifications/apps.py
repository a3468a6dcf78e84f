from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "distinguished.notifications"
    label = "notifications"
    verbose_name = "E-mail notifications"
