"""The program's figures, stored (decision 0015): what a read computed, with the stamp of the data it
was computed from, and the log of changes that the stamps count."""

from django.db import models


class StoredFigures(models.Model):
    """The figures of one part of the dashboard (`key`: the members on a day, one cycle), as JSON,
    and the stamp of what they rest on when they were computed. A read whose stamp differs
    recomputes them (stored.py)."""

    key = models.CharField(max_length=200, unique=True)
    stamp = models.CharField(max_length=800)
    value = models.JSONField()
    computed = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class FiguresChange(models.Model):
    """One row saved or deleted in a table the stored figures rest on (`scope`: terms, contributions,
    people or program), written in the transaction of that change; the stamps count these rows."""

    scope = models.CharField(max_length=20)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "id"], name="stats_change_scope")]

    def __str__(self) -> str:
        return f"{self.scope} #{self.pk}"
