"""Audit events (append-only: built once, never saved again)."""

import factory


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "audit.AuditEvent"

    verb = "membership.revoked"
    object_type = "membership.membership"
    object_id = factory.Sequence(str)
    object_repr = factory.Sequence(lambda n: f"Term {n}")
