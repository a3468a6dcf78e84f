"""Every factory builds a row that saves and passes the model's own validation: a model change
that breaks a factory fails here, by name, rather than somewhere in a test that uses it."""

import pytest

from . import factories

FACTORIES = sorted(name for name in factories.__all__ if name.endswith("Factory"))


@pytest.mark.parametrize("name", FACTORIES)
def test_the_factory_builds_a_valid_row_that_saves(db, name):
    row = getattr(factories, name)()
    assert row.pk is not None
    row.refresh_from_db()
    row.full_clean()


def test_every_model_the_tests_build_has_a_factory():
    models = {getattr(factories, name)._meta.get_model_class().__name__ for name in FACTORIES}
    assert {
        "Announcement",
        "Assignment",
        "AuditEvent",
        "Conflict",
        "ConflictWaiver",
        "Contribution",
        "ContributionKind",
        "Contributor",
        "Cycle",
        "Endorsement",
        "EndorsementRequest",
        "Evidence",
        "ImportRun",
        "KeyArea",
        "KeyResult",
        "KeyResultGroup",
        "Membership",
        "MessageText",
        "Nomination",
        "PanelGroup",
        "PanelSeat",
        "Renewal",
        "Review",
        "SignOff",
        "Token",
        "Track",
        "User",
        "UserRole",
        "Vote",
    } <= models
