"""Open Badges 3.0 credentials of memberships, the issuer's public keys and the revocation lists.

The issuer's PRIVATE key is never stored here (it comes from settings or a key file, see
`keys.py`); the database keeps every public key ever used, so that old credentials keep verifying.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bitstring import MIN_BITS


class IssuerKey(models.Model):
    """An Ed25519 public key the issuer signs (or signed) with, as a Multikey."""

    public_key_multibase = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    # The key new credentials are signed with; at most one.
    active = models.BooleanField(default=False)
    retired = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_issuer_key"
            ),
        ]

    def __str__(self) -> str:
        return self.public_key_multibase


class StatusList(models.Model):
    """A BitstringStatusList for revocation. Its bits are the revoked credentials that point to it;
    `document` is the signed BitstringStatusListCredential published at its URL."""

    purpose = models.CharField(max_length=20, default="revocation")
    size = models.PositiveIntegerField(default=MIN_BITS)
    created = models.DateTimeField(default=timezone.now)
    document = models.JSONField(null=True, blank=True)
    # The published document no longer says what the credentials say (signed again when a key is there).
    stale = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"status list {self.pk} ({self.purpose})"


class Credential(models.Model):
    """One signed OpenBadgeCredential of a membership."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "membership.Membership", on_delete=models.PROTECT, related_name="credentials"
    )
    issued = models.DateTimeField(default=timezone.now)
    # What the credential asserts, fixed when it is issued: the term (or lifetime status from a day).
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text=_("Empty for lifetime status."))
    lifetime = models.BooleanField(default=False)
    # The signed JSON; empty while its signing task runs, or while it waits for the issuer key (then
    # `distinguished sign-credentials`).
    document = models.JSONField(null=True, blank=True)
    # Its signing found no issuer key (where the signing runs: the Celery worker); it waits for one.
    waiting_for_key = models.BooleanField(default=False)
    key = models.ForeignKey(
        IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="credentials"
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    revoked = models.DateTimeField(null=True, blank=True)
    # The lifetime credential that replaced this term's credential.
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["-issued", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_unique_status_index"
            ),
        ]
        indexes = [models.Index(fields=["membership", "-issued"])]

    def __str__(self) -> str:
        return f"credential {self.uuid}"

    @property
    def signed(self) -> bool:
        return self.document is not None
