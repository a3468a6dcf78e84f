from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "distinguished.audit"
    label = "audit"
    verbose_name = "Audit trail"
