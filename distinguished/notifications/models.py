"""The texts program admins wrote for the messages, one row per version, never changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class MessageText(models.Model):
    """One version of a message's subject and body in one language. The newest version of a
    (message, language) is the one sent; a version `is_default` is a reset: the program's default
    text applies again, and its subject and body are empty."""

    message = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    version = models.PositiveIntegerField()
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["message", "language", "version"], name="one_text_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.message} ({self.language}) v{self.version}"
