"""The schema of a program definition file, and reading one.

`read_definition(path)` parses and validates a YAML file and returns a `ProgramDefinition`, or
raises `DefinitionError` naming the file, the path inside it and what is wrong. Writing the
definition into the database is `api.load_program`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .colours import TRACK_COLOUR, colour_problem
from .enums import Aggregate, GroupLogic, Period, QuantityUnit, Subject, TargetMeasure
from .timeline import timeline_errors

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SizeTierCode = Literal["larger", "smaller"]
# A cycle's program targets are named program.<code> beside its <track>.<key_result> targets.
PROGRAM_TARGET_PREFIX = "program"


class DefinitionError(Exception):
    """A definition file that cannot be loaded. `problems` are (path inside the file, message)."""

    def __init__(self, file: Path | str, problems: list[tuple[str, str]]):
        self.file = str(file)
        self.problems = problems
        lines = [
            f"{self.file}: {path}: {message}" if path else f"{self.file}: {message}"
            for path, message in problems
        ]
        super().__init__("\n".join(lines))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Benefit(Strict):
    title: Text
    text: Text


class Issuer(Strict):
    name: Text
    url: Text
    description: str = ""


class ProgramInfo(Strict):
    slug: Code
    name: Text
    version: Text
    tagline: str = ""
    summary: Text
    purpose: str = ""
    objectives: list[Text] = []
    participation: str = ""
    benefits: list[Benefit] = []
    issuer: Issuer


class Membership(Strict):
    term_years: int = Field(ge=1, le=10)
    renewal: str = ""
    renewal_window_days: int = Field(default=90, ge=1, le=365)
    reminder_days: list[Annotated[int, Field(ge=1, le=365)]] = [90, 30]
    lifetime_after_years: int = Field(ge=1, le=50)
    lifetime: str = ""

    @model_validator(mode="after")
    def lifetime_after_a_term(self):
        if self.lifetime_after_years < self.term_years:
            raise ValueError(
                f"lifetime_after_years ({self.lifetime_after_years}) cannot be shorter than "
                f"one term ({self.term_years} years)"
            )
        return self


class PartnerTier(Strict):
    code: SizeTierCode
    label: Text
    measure: Literal["absolute", "relative"]
    description: str = ""


class ContributionKind(Strict):
    code: Code
    label: Text
    quantity: QuantityUnit
    description: str = ""


class KeyArea(Strict):
    code: Code
    label: Text
    description: str = ""


class KeyResult(Strict):
    code: Code
    label: Text
    seed: str = ""
    kinds: list[Code] = Field(min_length=1)
    major: bool = False
    aggregate: Aggregate
    unit: Text
    period: Period
    tier: SizeTierCode | None = None
    # For an organization: count also the contributions of the people affiliated with it.
    affiliates: bool = False
    target: Decimal = Field(ge=0)


class KeyResultGroup(Strict):
    code: Code
    label: Text
    logic: GroupLogic
    tier: SizeTierCode | None = None
    key_results: list[Code] = Field(min_length=1)


def _unique(items, what: str) -> None:
    seen = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"the {what} code “{item.code}” is used twice")
        seen.add(item.code)


def _check_groups(groups, known: dict) -> None:
    """Each key result group names known key results, of its own partner tier when both have one."""
    for group in groups:
        for code in group.key_results:
            if code not in known:
                raise ValueError(f"group “{group.code}” names the unknown key result “{code}”")
            tier = known[code].tier
            if tier and group.tier and tier != group.tier:
                raise ValueError(
                    f"group “{group.code}” is for {group.tier} partners but its key result "
                    f"“{code}” is for {tier} partners"
                )


def _check_individual(key_results) -> None:
    """A track that recognizes individuals has no key result that depends on an organization's size."""
    for kr in key_results:
        if kr.tier or kr.aggregate == Aggregate.SHARE:
            raise ValueError(
                f"key result “{kr.code}” depends on an organization's size, but the "
                "track recognizes individuals"
            )


class Track(Strict):
    code: Code
    name: Text
    subject: Subject
    recognizes: Text
    criteria: Text
    # Its badge's colour, #rrggbb, dark enough for white text.
    colour: str = TRACK_COLOUR
    key_areas: list[KeyArea] = Field(min_length=1)
    key_results: list[KeyResult] = Field(min_length=1)
    key_result_groups: list[KeyResultGroup] = []

    @model_validator(mode="after")
    def codes_and_groups(self):
        _unique(self.key_areas, "key area")
        _unique(self.key_results, "key result")
        _unique(self.key_result_groups, "key result group")
        _check_groups(self.key_result_groups, {kr.code: kr for kr in self.key_results})
        if self.subject == Subject.PERSON:
            _check_individual(self.key_results)
        return self

    @field_validator("colour")
    @classmethod
    def readable_colour(cls, colour: str) -> str:
        if problem := colour_problem(colour):
            raise ValueError(problem)
        return colour


class ProgramTarget(Strict):
    """One of the program's own targets: what the program as a whole aims at (at least N active
    members, a retention rate, member-led initiatives a year), measured on the dashboard."""

    code: Code
    name: Text
    measure: TargetMeasure
    unit: Text
    target: Decimal = Field(ge=0)
    # member_contributions only: the contribution kinds it counts.
    kinds: list[Code] = []
    description: str = ""

    @model_validator(mode="after")
    def measure_fits(self):
        if self.measure == TargetMeasure.MEMBER_CONTRIBUTIONS and not self.kinds:
            raise ValueError("a member_contributions target names the contribution kinds it counts")
        if self.measure != TargetMeasure.MEMBER_CONTRIBUTIONS and self.kinds:
            raise ValueError(f"a {self.measure} target counts no contribution kinds; remove `kinds`")
        if self.measure == TargetMeasure.RETENTION and self.target > 100:
            raise ValueError("a retention target is a percentage: at most 100")
        return self


class PanelGroup(Strict):
    code: Code
    name: Text
    min_seats: int = Field(ge=0)
    max_seats: int = Field(ge=1)
    description: str = ""

    @model_validator(mode="after")
    def seat_range(self):
        if self.min_seats > self.max_seats:
            raise ValueError(f"min_seats ({self.min_seats}) is more than max_seats ({self.max_seats})")
        return self


class SelectionStep(Strict):
    code: Code
    label: Text
    text: Text


class Eligibility(Strict):
    min_endorsements: int = Field(default=2, ge=0)
    min_external_endorsements: int = Field(default=1, ge=0)
    sustained_months: int = Field(default=12, ge=0)

    @model_validator(mode="after")
    def external_within_total(self):
        if self.min_external_endorsements > self.min_endorsements:
            raise ValueError("min_external_endorsements cannot be more than min_endorsements")
        return self


class Review(Strict):
    reviewers_per_nomination: int = Field(default=3, ge=1)
    min_panel_groups_per_nomination: int = Field(default=2, ge=1)
    score_min: int = 1
    score_max: int = 5
    quorum: float = Field(default=0.5, gt=0, le=1)

    @model_validator(mode="after")
    def scale(self):
        if self.score_min >= self.score_max:
            raise ValueError("score_min must be below score_max")
        return self


class Selection(Strict):
    steps: list[SelectionStep] = []
    eligibility: Eligibility = Eligibility()
    review: Review = Review()


class Cycle(Strict):
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
    name: Text
    nominations_open: dt.date
    nominations_close: dt.date
    screening_due: dt.date
    review_due: dt.date
    deliberation_due: dt.date
    approval_due: dt.date
    announcement_date: dt.date
    announcement_event: str = ""
    closes_on: dt.date | None = None
    # Absent: the selection's eligibility rules.
    eligibility: Eligibility | None = None

    @model_validator(mode="after")
    def dates_in_order(self):
        errors = timeline_errors(self.model_dump(exclude={"eligibility"}))
        if errors:
            raise ValueError(" ".join(message for messages in errors.values() for message in messages))
        return self


def _check_target_kinds(targets, kinds: set) -> None:
    """Each program target counts known contribution kinds."""
    for target in targets:
        for kind in target.kinds:
            if kind not in kinds:
                raise ValueError(
                    f"program_targets.{target.code} counts the unknown contribution kind “{kind}”"
                )


def _check_key_result_kinds(tracks, kinds: set) -> None:
    """Each track's key results count known contribution kinds."""
    for track in tracks:
        for kr in track.key_results:
            for kind in kr.kinds:
                if kind not in kinds:
                    raise ValueError(
                        f"tracks.{track.code}.key_results.{kr.code} counts the unknown contribution kind “{kind}”"
                    )


class ProgramDefinition(Strict):
    schema_version: Literal[1]
    program: ProgramInfo
    membership: Membership
    key_result_window_months: int = Field(default=12, ge=1, le=60)
    partner_tiers: list[PartnerTier] = Field(min_length=2, max_length=2)
    contribution_kinds: list[ContributionKind] = Field(min_length=1)
    tracks: list[Track] = Field(min_length=1)
    panel_groups: list[PanelGroup] = Field(min_length=1)
    selection: Selection = Selection()
    program_targets: list[ProgramTarget] = []
    cycles: list[Cycle] = []

    @model_validator(mode="after")
    def cross_references(self):
        _unique(self.contribution_kinds, "contribution kind")
        _unique(self.tracks, "track")
        _unique(self.panel_groups, "panel group")
        _unique(self.program_targets, "program target")
        kinds = {kind.code for kind in self.contribution_kinds}
        _check_target_kinds(self.program_targets, kinds)
        if any(track.code == PROGRAM_TARGET_PREFIX for track in self.tracks):
            # A cycle's targets are named <track>.<key result> and program.<target>: no clash.
            raise ValueError(
                f"“{PROGRAM_TARGET_PREFIX}” names the program's own targets; choose another track code"
            )
        _check_key_result_kinds(self.tracks, kinds)
        slugs = [cycle.slug for cycle in self.cycles]
        if len(set(slugs)) != len(slugs):
            raise ValueError("two cycles share one slug")
        return self

    def track(self, code: str) -> Track:
        return next(track for track in self.tracks if track.code == code)


def _path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def parse_definition(data: object, file: Path | str) -> ProgramDefinition:
    """Validate already-parsed data."""
    if not isinstance(data, dict):
        raise DefinitionError(file, [("", "the file must hold a mapping (key: value) at the top")])
    try:
        return ProgramDefinition.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            message = item["msg"].removeprefix("Value error, ")
            problems.append((_path(item["loc"]), message))
        raise DefinitionError(file, problems) from None


def read_definition(file: Path | str) -> ProgramDefinition:
    """Read and validate a YAML definition file."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(file, [("", f"cannot be read ({error})")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DefinitionError(file, [(where, f"not valid YAML: {problem}")]) from None
    return parse_definition(data, file)
