"""Aggregation of the review panel's scores for one review cycle.

A pure module: no Django, no database. The caller passes the cycle's reviews as records
``(reviewer id, nomination id, score)`` — `Review` or any 3-tuple — where ``score`` is the
review's overall score, the mean of its rubric scores (`overall`), on the scale ``low..high``
(1-5 by default). Ids may be of any hashable type; ranking and the reliability matrix sort them,
so the ids of one cycle must be mutually orderable (all ints or all strings).

Per nomination (`aggregate` → `NominationScore`)
    ``reviews``  number of reviews.
    ``mean``     arithmetic mean of the raw scores.
    ``median``   median of the raw scores (mean of the two middle ones for an even count).
    ``sd``       population standard deviation (ddof = 0) of the raw scores; 0 for one review.
    ``range``    max - min of the raw scores; 0 for one review.
    ``mean_z``   mean of the reviews' z-scores (below).
    ``normalized`` ``mean_z`` mapped back to the score scale (below).
    ``disagreement`` whether the panel disagrees on it enough to discuss it (below).

Normalisation (removes each reviewer's leniency or harshness)
    Each review is turned into a z-score over *that reviewer's* reviews in the cycle:
    ``z = (x - m_r) / s_r`` with ``m_r`` and ``s_r`` the mean and population standard deviation
    (ddof = 0) of the reviewer's scores. A reviewer with a single review, or whose scores are all
    equal (``s_r = 0``), carries no information about their own scale: their reviews get z = 0.

    The nomination's mean z is mapped back to the score scale with::

        normalized = clip(G + mean_z * S, low, high)

    where ``G`` is the grand mean of all review scores of the cycle and ``S`` the pooled
    within-reviewer standard deviation::

        S = sqrt( Σ_r Σ_i (x_ri - m_r)² / Σ_r n_r )      over reviewers with n_r ≥ 2

    ``S`` is the spread of a "typical" reviewer once leniency (the between-reviewer part of the
    variance) is taken out. When no reviewer has two reviews, ``S = 0`` and every nomination's
    normalised score is ``G``: the ranking then falls back to the raw mean.

Ranking (`rank`)
    Highest ``normalized`` first; ties by highest ``mean``, then by ascending nomination id.
    Scores are compared rounded to 9 decimals so that floating-point noise never decides a tie.

Disagreement (`aggregate` sets the flag, `disagreements` lists them)
    Among the nominations with at least two reviews, sort by ``range`` (max - min) descending;
    the cut-off is the range of the ``ceil(share * count)``-th one (``share = 0.25``: the top
    quartile). A nomination is flagged when its range is at least that cut-off (ties at the
    cut-off are all flagged) *and* at least ``min_range`` (1 point by default), so a cycle whose
    panel agrees everywhere highlights nothing.

Panel agreement (`panel_alpha`, `krippendorff_alpha`)
    Krippendorff's alpha over the reviewer x nomination matrix, missing where a reviewer did not
    review a nomination, at the ORDINAL level by default (the ``krippendorff`` package computes
    it; the value domain is the set of pairable observed scores, so fractional overall scores are
    ordered categories). Alpha is undefined — the functions return ``None`` — when fewer than two
    pairable values exist (no nomination has two reviews) or when all pairable values are equal
    (no expected disagreement: 0 / 0).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

import krippendorff
import numpy as np

LOW = 1
HIGH = 5
DISAGREEMENT_SHARE = 0.25
DISAGREEMENT_MIN_RANGE = 1.0
_TIE_DECIMALS = 9

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


class Review(NamedTuple):
    """One review: who reviewed which nomination, and the review's overall score."""

    reviewer: Hashable
    nomination: Hashable
    score: float


@dataclass(frozen=True)
class NominationScore:
    """The aggregated scores of one nomination (see the module docstring for each field)."""

    nomination: Hashable
    reviews: int
    mean: float
    median: float
    sd: float
    range: float
    mean_z: float
    normalized: float
    disagreement: bool = False


@dataclass(frozen=True)
class CycleSummary:
    """Everything `summarize` computes for one cycle."""

    nominations: dict[Hashable, NominationScore]
    ranking: list[NominationScore]
    disagreements: list[NominationScore]
    alpha: float | None
    grand_mean: float | None
    pooled_sd: float | None


def overall(scores: Mapping[str, int | float], *, low: float = LOW, high: float = HIGH) -> float:
    """The overall score of one review: the mean of its rubric scores (each within ``low..high``)."""
    if not scores:
        raise ValueError("A review needs at least one rubric score.")
    values = [_checked(value, low, high, f"rubric score {name!r}") for name, value in scores.items()]
    return math.fsum(values) / len(values)


def z_scores(reviews: Iterable[Review | tuple]) -> dict[tuple[Hashable, Hashable], float]:
    """Each review's z-score over its reviewer's reviews, keyed by (reviewer, nomination).

    A reviewer with one review, or with all scores equal, gets z = 0 for every review.
    """
    by_reviewer = _by_reviewer(_validated(reviews, -math.inf, math.inf))
    result: dict[tuple[Hashable, Hashable], float] = {}
    for reviewer, scored in by_reviewer.items():
        values = [score for _, score in scored]
        mean = math.fsum(values) / len(values)
        sd = _pstdev(values)
        for nomination, score in scored:
            # A spread within rounding noise of the scores is no spread: a constant reviewer.
            spread = len(values) > 1 and sd > 1e-9 * max(1.0, abs(mean))
            result[reviewer, nomination] = (score - mean) / sd if spread else 0.0
    return result


def aggregate(
    reviews: Iterable[Review | tuple],
    *,
    low: float = LOW,
    high: float = HIGH,
    disagreement_share: float = DISAGREEMENT_SHARE,
    disagreement_min_range: float = DISAGREEMENT_MIN_RANGE,
) -> dict[Hashable, NominationScore]:
    """Aggregate one cycle's reviews per nomination; nominations without a review are absent."""
    records = _validated(reviews, low, high)
    if not records:
        return {}
    z = z_scores(records)
    grand_mean, pooled_sd = _scale(records)
    by_nomination: dict[Hashable, list[Review]] = defaultdict(list)
    for record in records:
        by_nomination[record.nomination].append(record)

    scores: dict[Hashable, NominationScore] = {}
    for nomination, group in by_nomination.items():
        values = [r.score for r in group]
        mean_z = math.fsum(z[r.reviewer, nomination] for r in group) / len(group)
        scores[nomination] = NominationScore(
            nomination=nomination,
            reviews=len(values),
            mean=math.fsum(values) / len(values),
            median=float(statistics.median(values)),
            sd=_pstdev(values),
            range=max(values) - min(values),
            mean_z=mean_z,
            normalized=min(high, max(low, grand_mean + mean_z * pooled_sd)),
        )
    flagged = _flag_disagreements(scores.values(), disagreement_share, disagreement_min_range)
    return {
        nomination: replace(score, disagreement=nomination in flagged) for nomination, score in scores.items()
    }


def rank(scores: Mapping[Hashable, NominationScore] | Iterable[NominationScore]) -> list[NominationScore]:
    """Nominations best first: by normalised score, then mean (both descending), then id."""
    items = scores.values() if isinstance(scores, Mapping) else scores
    return sorted(
        items,
        key=lambda s: (-round(s.normalized, _TIE_DECIMALS), -round(s.mean, _TIE_DECIMALS), s.nomination),
    )


def disagreements(
    scores: Mapping[Hashable, NominationScore] | Iterable[NominationScore],
) -> list[NominationScore]:
    """The flagged nominations, widest disagreement first (range, then sd, descending; then id)."""
    items = scores.values() if isinstance(scores, Mapping) else scores
    return sorted(
        (s for s in items if s.disagreement),
        key=lambda s: (-round(s.range, _TIE_DECIMALS), -round(s.sd, _TIE_DECIMALS), s.nomination),
    )


def reliability_matrix(
    reviews: Iterable[Review | tuple],
) -> tuple[list[Hashable], list[Hashable], list[list[float | None]]]:
    """The reviewer x nomination matrix: (reviewer ids, nomination ids, rows with None if missing)."""
    records = _validated(reviews, -math.inf, math.inf)
    reviewers = sorted({r.reviewer for r in records})
    nominations = sorted({r.nomination for r in records})
    column = {nomination: j for j, nomination in enumerate(nominations)}
    row = {reviewer: i for i, reviewer in enumerate(reviewers)}
    matrix: list[list[float | None]] = [[None] * len(nominations) for _ in reviewers]
    for r in records:
        matrix[row[r.reviewer]][column[r.nomination]] = r.score
    return reviewers, nominations, matrix


def krippendorff_alpha(data: Sequence[Sequence[float | None]], *, level: Level = "ordinal") -> float | None:
    """Krippendorff's alpha of a coders x units matrix (None or NaN = missing).

    Returns None when alpha is undefined: fewer than two pairable values, or no variation among
    the pairable values.
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level of measurement {level!r}; expected one of {LEVELS}.")
    matrix = _coder_matrix(data)
    if matrix is None:
        return None
    present = ~np.isnan(matrix)
    pairable_units = present.sum(axis=0) >= 2
    pairable = matrix[:, pairable_units][present[:, pairable_units]]
    if pairable.size < 2 or np.unique(pairable).size < 2:
        return None
    # Values only one coder gave cannot be paired; leaving them out changes nothing in alpha but
    # keeps the value domain to the pairable values, so the package never divides 0 by 0.
    value = float(krippendorff.alpha(reliability_data=matrix[:, pairable_units], level_of_measurement=level))
    return value if math.isfinite(value) else None


def _coder_matrix(data: Sequence[Sequence[float | None]]) -> np.ndarray | None:
    """The coders x units matrix as floats, a missing value as NaN; None when it has no coder or no
    unit. ValueError when the coders' rows differ in length."""
    rows = [[math.nan if v is None else float(v) for v in row] for row in data]
    if not rows or not rows[0]:
        return None
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("Every coder's row must have one entry per unit.")
    return np.array(rows, dtype=float)


def panel_alpha(reviews: Iterable[Review | tuple], *, level: Level = "ordinal") -> float | None:
    """Krippendorff's alpha of the panel over the cycle's reviewer x nomination matrix."""
    _, _, matrix = reliability_matrix(reviews)
    return krippendorff_alpha(matrix, level=level)


def summarize(
    reviews: Iterable[Review | tuple],
    *,
    low: float = LOW,
    high: float = HIGH,
    level: Level = "ordinal",
    disagreement_share: float = DISAGREEMENT_SHARE,
    disagreement_min_range: float = DISAGREEMENT_MIN_RANGE,
) -> CycleSummary:
    """Aggregate, rank, highlight disagreements and measure the panel's agreement in one call."""
    records = _validated(reviews, low, high)
    scores = aggregate(
        records,
        low=low,
        high=high,
        disagreement_share=disagreement_share,
        disagreement_min_range=disagreement_min_range,
    )
    grand_mean, pooled_sd = _scale(records) if records else (None, None)
    return CycleSummary(
        nominations=scores,
        ranking=rank(scores),
        disagreements=disagreements(scores),
        alpha=panel_alpha(records, level=level),
        grand_mean=grand_mean,
        pooled_sd=pooled_sd,
    )


# --- helpers -----------------------------------------------------------------------------------


def _checked(value: float, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"The {what} must be a number, not {value!r}.")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"The {what} {value!r} is outside {low}..{high}.")
    return value


def _validated(reviews: Iterable[Review | tuple], low: float, high: float) -> list[Review]:
    records: list[Review] = []
    seen: set[tuple[Hashable, Hashable]] = set()
    for item in reviews:
        reviewer, nomination, score = item
        key = (reviewer, nomination)
        if key in seen:
            raise ValueError(f"Reviewer {reviewer!r} reviewed nomination {nomination!r} more than once.")
        seen.add(key)
        what = f"score of reviewer {reviewer!r} for nomination {nomination!r}"
        records.append(Review(reviewer, nomination, _checked(score, low, high, what)))
    return records


def _by_reviewer(records: Iterable[Review]) -> dict[Hashable, list[tuple[Hashable, float]]]:
    by_reviewer: dict[Hashable, list[tuple[Hashable, float]]] = defaultdict(list)
    for r in records:
        by_reviewer[r.reviewer].append((r.nomination, r.score))
    return by_reviewer


def _pstdev(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def _scale(records: Sequence[Review]) -> tuple[float, float]:
    """(grand mean of all scores, pooled within-reviewer standard deviation)."""
    grand_mean = math.fsum(r.score for r in records) / len(records)
    squares = 0.0
    count = 0
    for scored in _by_reviewer(records).values():
        if len(scored) < 2:
            continue
        values = [score for _, score in scored]
        mean = math.fsum(values) / len(values)
        squares += math.fsum((v - mean) ** 2 for v in values)
        count += len(values)
    return grand_mean, (math.sqrt(squares / count) if count else 0.0)


def _flag_disagreements(scores: Iterable[NominationScore], share: float, min_range: float) -> set[Hashable]:
    if not 0 < share <= 1:
        raise ValueError(f"The disagreement share must be in (0, 1], not {share!r}.")
    eligible = sorted((s for s in scores if s.reviews >= 2), key=lambda s: -s.range)
    if not eligible:
        return set()
    cutoff = eligible[math.ceil(share * len(eligible)) - 1].range
    threshold = max(cutoff, min_range) - 10**-_TIE_DECIMALS
    return {s.nomination for s in eligible if s.range >= threshold}
