"""FactoryBoy factories for the test suite, a module per app. They build rows directly: tests of a
rule call the rule's `api.py` function themselves. Import them from here (`from tests.factories
import X`)."""

from .audit import AuditEventFactory
from .cohorts import AnnouncementFactory, SignOffFactory
from .contributions import ContributionFactory, ImportRunFactory
from .membership import MembershipFactory, RenewalFactory
from .nominations import (
    DraftNominationFactory,
    EndorsementFactory,
    EndorsementRequestFactory,
    EvidenceFactory,
    NominationFactory,
    endorse_as_invited,
    invite_to_endorse,
)
from .notifications import MessageTextFactory
from .people import ContributorFactory, OrganizationFactory, TokenFactory, UserFactory, UserRoleFactory
from .program import (
    ContributionKindFactory,
    CycleFactory,
    KeyAreaFactory,
    KeyResultFactory,
    KeyResultGroupFactory,
    PanelGroupFactory,
    TrackFactory,
    program,
    track,
)
from .review import (
    AssignmentFactory,
    ConflictFactory,
    ConflictWaiverFactory,
    DraftReviewFactory,
    PanelSeatFactory,
    ReviewFactory,
    VoteFactory,
    rubric,
)

__all__ = [
    "AnnouncementFactory",
    "AssignmentFactory",
    "AuditEventFactory",
    "ConflictFactory",
    "ConflictWaiverFactory",
    "ContributionFactory",
    "ContributionKindFactory",
    "ContributorFactory",
    "CycleFactory",
    "DraftNominationFactory",
    "DraftReviewFactory",
    "EndorsementFactory",
    "EndorsementRequestFactory",
    "EvidenceFactory",
    "ImportRunFactory",
    "KeyAreaFactory",
    "KeyResultFactory",
    "KeyResultGroupFactory",
    "MembershipFactory",
    "MessageTextFactory",
    "NominationFactory",
    "OrganizationFactory",
    "PanelGroupFactory",
    "PanelSeatFactory",
    "RenewalFactory",
    "ReviewFactory",
    "SignOffFactory",
    "TokenFactory",
    "TrackFactory",
    "UserFactory",
    "UserRoleFactory",
    "VoteFactory",
    "endorse_as_invited",
    "invite_to_endorse",
    "program",
    "rubric",
    "track",
]
