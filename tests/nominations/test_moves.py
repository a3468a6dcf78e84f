"""The nomination's state machine: one table of allowed moves, one `move` that locks, checks,
saves and audits."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distinguished.audit.models import AuditEvent
from distinguished.core.errors import TransitionError
from distinguished.nominations import api, moves
from distinguished.nominations.enums import (
    DECIDED_STATES,
    DECISION_STATES,
    OPEN_STATES,
    REVIEW_STATES,
    State,
)
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory

ALL = list(State.values)


def test_every_state_has_its_row_and_every_target_its_words():
    assert set(moves.MOVES) == set(ALL)
    for targets in moves.MOVES.values():
        assert targets <= set(ALL)
        for to in targets:
            assert to in moves.DOING
    # Nothing leaves the two ends, and nothing returns to a draft.
    assert moves.MOVES[State.WITHDRAWN] == moves.MOVES[State.AWARDED] == frozenset()
    assert not any(State.DRAFT in targets for targets in moves.MOVES.values())


def test_the_table_agrees_with_the_named_groups_of_states():
    # Only open nominations are withdrawn; only decisions lead to approval; decided stay decided.
    assert {s for s, targets in moves.MOVES.items() if State.WITHDRAWN in targets} == set(OPEN_STATES)
    assert {s for s, targets in moves.MOVES.items() if State.APPROVED in targets} == {State.SELECTED}
    for state in DECIDED_STATES:
        assert moves.MOVES[state] <= set(DECIDED_STATES)
    for state in REVIEW_STATES:
        assert State.WITHDRAWN not in moves.MOVES[state]
    for state in DECISION_STATES:
        assert set(DECISION_STATES) <= moves.MOVES[state]


@pytest.fixture
def nomination(db):
    nominator = UserFactory(contributor=ContributorFactory())
    return api.nominate(
        actor=nominator,
        cycle=CycleFactory(),
        track=program.get_track("engineer"),
        nominee=nominator.contributor,
        statement="x",
        list_publicly=True,
    )


@pytest.mark.django_db
def test_move_saves_the_state_and_fields_and_audits(nomination):
    actor = nomination.nominator
    moves.move(
        actor=actor,
        nomination=nomination,
        to=State.WITHDRAWN,
        verb="nomination.withdrawn",
        reason="r",
        live=None,
    )
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.state, stored.live) == (State.WITHDRAWN, None)
    event = AuditEvent.objects.get(verb="nomination.withdrawn")
    assert (event.actor_id, event.from_state, event.to_state, event.reason) == (
        actor.pk,
        "draft",
        "withdrawn",
        "r",
    )


@pytest.mark.django_db
def test_an_illegal_move_names_the_state_and_changes_nothing(nomination):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError) as caught:
        moves.move(actor=nomination.nominator, nomination=nomination, to=State.AWARDED, verb="x")
    assert caught.value.message_dict == {"state": ["This nomination is draft; it cannot be awarded now."]}
    assert Nomination.objects.get(pk=nomination.pk).state == State.DRAFT
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_move_checks_the_state_it_finds_under_the_lock_not_the_one_the_caller_read(nomination):
    stale = Nomination.objects.get(pk=nomination.pk)
    moves.move(actor=None, nomination=nomination, to=State.WITHDRAWN, verb="nomination.withdrawn", live=None)
    # The caller still holds a draft; the row says withdrawn: submitting it is refused.
    with pytest.raises(TransitionError, match="withdrawn; it cannot be submitted"):
        moves.move(actor=None, nomination=stale, to=State.SUBMITTED, verb="nomination.submitted")
    assert Nomination.objects.get(pk=nomination.pk).state == State.WITHDRAWN


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.lists(st.sampled_from(ALL), min_size=1, max_size=8))
def test_any_sequence_of_moves_follows_the_table_exactly(nomination, path):
    Nomination.objects.filter(pk=nomination.pk).update(state=State.DRAFT)
    nomination.refresh_from_db()
    state = State.DRAFT
    for to in path:
        if to in moves.MOVES[state]:
            moves.move(actor=None, nomination=nomination, to=to, verb="test.move")
            state = to
        else:
            with pytest.raises(TransitionError):
                moves.move(actor=None, nomination=nomination, to=to, verb="test.move")
        assert Nomination.objects.get(pk=nomination.pk).state == state
