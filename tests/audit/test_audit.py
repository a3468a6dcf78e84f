"""The audit trail is append-only and readable per object by program admins."""

import pytest
from django.urls import reverse

from distinguished.audit import api
from distinguished.audit.models import AppendOnlyError, AuditEvent

from ..factories import CycleFactory


@pytest.mark.django_db
def test_record_keeps_actor_verb_object_states_and_reason(admin_user):
    cycle = CycleFactory()
    event = api.record(
        actor=admin_user,
        verb="cycle.phase_overridden",
        obj=cycle,
        from_state="review",
        to_state="screening",
        reason="Late nominations.",
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.object_type, event.object_id, event.object_repr) == (
        admin_user,
        "admin-user",
        "program.cycle",
        str(cycle.pk),
        cycle.name,
    )
    assert (event.from_state, event.to_state, event.reason) == ("review", "screening", "Late nominations.")


@pytest.mark.django_db
def test_the_system_is_named_when_there_is_no_actor():
    event = api.record(actor=None, verb="program.loaded", obj=CycleFactory())
    assert event.actor is None
    assert event.actor_name == "system"


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted(admin_user):
    event = api.record(actor=admin_user, verb="x", obj=CycleFactory())
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


@pytest.mark.django_db
def test_events_for_returns_one_objects_events_newest_first(admin_user):
    one, other = CycleFactory(), CycleFactory()
    first = api.record(actor=admin_user, verb="a", obj=one)
    api.record(actor=admin_user, verb="b", obj=other)
    second = api.record(actor=admin_user, verb="c", obj=one)
    assert list(api.events_for(one)) == [second, first]


@pytest.mark.django_db
def test_audit_page_is_for_admins_only(client, member, admin_user):
    url = reverse("audit:events")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_audit_page_filters_by_object(client, admin_user):
    one, other = CycleFactory(name="Alpha cohort"), CycleFactory(name="Beta cohort")
    api.record(actor=admin_user, verb="cycle.updated", obj=one, reason="alpha-reason")
    api.record(actor=admin_user, verb="cycle.updated", obj=other, reason="beta-reason")
    client.force_login(admin_user)
    page = client.get(reverse("audit:events"), {"object_type": "program.cycle", "object_id": one.pk})
    assert b"alpha-reason" in page.content
    assert b"beta-reason" not in page.content
