from rest_framework import generics, serializers

from distinguished.core.rest import IsProgramAdmin

from ... import api
from ...models import AuditEvent


def list_filters(request) -> dict:
    """The list's filters (its download takes them too): exact values, each optional."""
    return {name: request.query_params.get(name, "") for name in ("object_type", "object_id", "verb")}


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name")
    object = serializers.SerializerMethodField()
    from_ = serializers.CharField(source="from_state")
    to = serializers.CharField(source="to_state")

    class Meta:
        model = AuditEvent
        fields = ["id", "created", "actor", "verb", "object", "from_", "to", "reason", "data"]

    def get_object(self, event) -> dict:
        return {"type": event.object_type, "id": event.object_id, "repr": event.object_repr}

    def get_fields(self):
        # `from` is a Python keyword: declared as from_, named `from` in the answer and the schema.
        return {"from" if name == "from_" else name: field for name, field in super().get_fields().items()}


class AuditEventList(generics.ListAPIView):
    """The audit trail, newest first; filter by `object_type`, `object_id` and `verb`."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsProgramAdmin]

    def get_queryset(self):
        return api.events(**list_filters(self.request))
