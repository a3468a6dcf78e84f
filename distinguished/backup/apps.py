from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "distinguished.backup"
    label = "backup"
    verbose_name = "Backup and restore"
