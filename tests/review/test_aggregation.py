"""Review score aggregation (distinguished.review.aggregation): a pure module, no database.

Expected numbers are worked out by hand in the comments next to each assertion. Krippendorff's
alpha is checked against the published worked example and against an independent coincidence-
matrix implementation written below (`_ordinal_alpha_oracle`).
"""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from distinguished.review.aggregation import (
    NominationScore,
    Review,
    aggregate,
    disagreements,
    krippendorff_alpha,
    overall,
    panel_alpha,
    rank,
    reliability_matrix,
    summarize,
    z_scores,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg School for
# Communication Departmental Papers 43, University of Pennsylvania, section C ("Ordinal metric"
# and neighbours): reliability data of 4 observers (rows A-D) x 12 units (columns 1-12), values
# 1..5, None = missing. Published: alpha_nominal = 0.743, alpha_ordinal = 0.815,
# alpha_interval = 0.849 (and alpha_ratio = 0.797).
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],  # observer B
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],  # observer D
]


def _reviews_from_matrix(matrix):
    return [
        Review(f"observer-{'ABCD'[i]}", unit, value)
        for i, row in enumerate(matrix)
        for unit, value in enumerate(row, start=1)
        if value is not None
    ]


# --- overall ----------------------------------------------------------------------------------


def test_overall_is_the_mean_of_the_rubric_scores():
    assert overall({"impact": 5, "leadership": 4, "community": 3}) == 4.0
    assert overall({"impact": 5, "leadership": 4}) == 4.5
    assert overall({"impact": 2}) == 2.0


@pytest.mark.parametrize("scores", [{}, {"impact": 6}, {"impact": 0}, {"impact": math.nan}])
def test_overall_rejects_empty_or_out_of_scale_rubrics(scores):
    with pytest.raises(ValueError):
        overall(scores)


def test_overall_on_another_scale():
    assert overall({"a": 0, "b": 10}, low=0, high=10) == 5.0


# --- aggregation on known numbers ----------------------------------------------------------------

# r1: A=4 B=2          mean 3, sd 1           -> z A=+1, B=-1
# r2: A=5 B=3 C=1      mean 3, sd sqrt(8/3)   -> z A=+2/sqrt(8/3)=+1.2247, B=0, C=-1.2247
# r3: B=3 C=3          constant               -> z 0, 0
# r4: C=5              one review             -> z 0
KNOWN = [
    ("r1", "A", 4),
    ("r1", "B", 2),
    ("r2", "A", 5),
    ("r2", "B", 3),
    ("r2", "C", 1),
    ("r3", "B", 3),
    ("r3", "C", 3),
    ("r4", "C", 5),
]
# Grand mean: 26 / 8 = 3.25. Pooled within-reviewer sd over r1, r2, r3 (r4 has one review):
# sum of squares 2 + 8 + 0 = 10 over 2 + 3 + 2 = 7 reviews -> sqrt(10/7) = 1.1952.
GRAND_MEAN = 3.25
POOLED_SD = math.sqrt(10 / 7)
Z_R2 = 2 / math.sqrt(8 / 3)


def test_z_scores_per_reviewer():
    z = z_scores(KNOWN)
    assert z["r1", "A"] == pytest.approx(1.0)
    assert z["r1", "B"] == pytest.approx(-1.0)
    assert z["r2", "A"] == pytest.approx(Z_R2)
    assert z["r2", "A"] == pytest.approx(1.224744871)
    assert z["r2", "B"] == pytest.approx(0.0)
    assert z["r2", "C"] == pytest.approx(-Z_R2)
    assert z["r3", "B"] == z["r3", "C"] == 0.0  # constant reviewer
    assert z["r4", "C"] == 0.0  # a single review


def test_aggregate_known_numbers():
    scores = aggregate(KNOWN)
    assert set(scores) == {"A", "B", "C"}

    a = scores["A"]  # 4, 5
    assert (a.reviews, a.mean, a.median, a.sd, a.range) == (2, 4.5, 4.5, 0.5, 1.0)
    assert a.mean_z == pytest.approx((1 + Z_R2) / 2)
    assert a.normalized == pytest.approx(GRAND_MEAN + (1 + Z_R2) / 2 * POOLED_SD)
    assert a.normalized == pytest.approx(4.579540, abs=1e-6)

    b = scores["B"]  # 2, 3, 3
    assert b.reviews == 3
    assert b.mean == pytest.approx(8 / 3)
    assert b.median == 3.0
    assert b.sd == pytest.approx(math.sqrt(6 / 27))  # deviations -2/3, 1/3, 1/3
    assert b.range == 1.0
    assert b.mean_z == pytest.approx(-1 / 3)
    assert b.normalized == pytest.approx(GRAND_MEAN - POOLED_SD / 3)

    c = scores["C"]  # 1, 3, 5
    assert (c.reviews, c.mean, c.median, c.range) == (3, 3.0, 3.0, 4.0)
    assert c.sd == pytest.approx(math.sqrt(8 / 3))
    assert c.mean_z == pytest.approx(-Z_R2 / 3)
    assert c.normalized == pytest.approx(GRAND_MEAN - Z_R2 / 3 * POOLED_SD)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    scores = aggregate([("x", "N", 2), ("y", "N", 5), ("z", "N", 3), ("w", "N", 4.5)])
    assert scores["N"].median == 3.75
    assert scores["N"].mean == 3.625


def test_accepts_review_records_and_plain_tuples_alike():
    assert aggregate([Review(*r) for r in KNOWN]) == aggregate(KNOWN)


def test_lenient_and_harsh_reviewers_agree_once_normalised():
    # The lenient reviewer scores A, B, C as 5, 4, 3; the harsh one as 3, 2, 1: raw scores differ
    # by 2 points on every nomination, but each ranks them the same way with the same gaps.
    reviews = [("lenient", n, s) for n, s in zip("ABC", [5, 4, 3], strict=True)]
    reviews += [("harsh", n, s) for n, s in zip("ABC", [3, 2, 1], strict=True)]
    z = z_scores(reviews)
    for nomination in "ABC":
        assert z["lenient", nomination] == pytest.approx(z["harsh", nomination])
    # Grand mean 3, pooled sd sqrt((2 + 2) / 6) = sqrt(2/3); z of A = 1/sqrt(2/3) -> 3 + 1 = 4.
    scores = aggregate(reviews)
    assert [scores[n].normalized for n in "ABC"] == pytest.approx([4.0, 3.0, 2.0])
    assert [scores[n].range for n in "ABC"] == [2.0, 2.0, 2.0]


def test_normalisation_puts_nominations_of_a_lenient_and_a_harsh_reviewer_level():
    # Disjoint reviewers: the lenient one saw A (5) and B (4), the harsh one C (3) and D (2).
    # Raw means favour A over C by 2 points; each was its reviewer's better nomination.
    # Each reviewer: sd 0.5, z = +1 / -1. Grand mean 14/4 = 3.5, pooled sd sqrt(1/4) = 0.5.
    reviews = [("lenient", "A", 5), ("lenient", "B", 4), ("harsh", "C", 3), ("harsh", "D", 2)]
    scores = aggregate(reviews)
    assert scores["A"].mean - scores["C"].mean == 2.0
    assert scores["A"].normalized == pytest.approx(4.0)
    assert scores["C"].normalized == pytest.approx(4.0)
    assert scores["B"].normalized == pytest.approx(3.0)
    assert scores["D"].normalized == pytest.approx(3.0)
    # Ties on the normalised score are broken by the raw mean.
    assert [s.nomination for s in rank(scores)] == ["A", "C", "B", "D"]


def test_normalised_score_is_clipped_to_the_scale():
    # r1: A=5, B=C=D=1 (mean 2, sd sqrt 3); r2: E=F=G=5, H=1 (mean 4, sd sqrt 3).
    # Grand mean 24/8 = 3, pooled sd sqrt(24/8) = sqrt 3; z(A) = 3/sqrt 3 -> 3 + 3 = 6 -> 5;
    # z(H) = -3/sqrt 3 -> 3 - 3 = 0 -> 1.
    reviews = [("r1", "A", 5), ("r1", "B", 1), ("r1", "C", 1), ("r1", "D", 1)]
    reviews += [("r2", "E", 5), ("r2", "F", 5), ("r2", "G", 5), ("r2", "H", 1)]
    scores = aggregate(reviews)
    assert scores["A"].normalized == 5.0
    assert scores["H"].normalized == 1.0
    assert scores["B"].normalized == pytest.approx(3 - 1)  # z = -1/sqrt 3


def test_custom_scale_bounds():
    scores = aggregate([("r", "A", 10), ("r", "B", 0)], low=0, high=10)
    assert scores["A"].normalized == pytest.approx(10.0)
    with pytest.raises(ValueError, match="outside"):
        aggregate([("r", "A", 11)], low=0, high=10)


@pytest.mark.parametrize("score", [0, 5.5, math.nan, math.inf])
def test_rejects_scores_outside_the_scale(score):
    with pytest.raises(ValueError, match="outside"):
        aggregate([("r", "A", score)])


def test_rejects_a_reviewer_reviewing_the_same_nomination_twice():
    with pytest.raises(ValueError, match="more than once"):
        aggregate([("r", "A", 3), ("r", "A", 4)])


def test_rejects_non_numeric_scores():
    with pytest.raises(TypeError):
        aggregate([("r", "A", "4")])


@FAST
@given(
    scores=st.lists(st.integers(1, 5), min_size=2, max_size=6),
    shift=st.floats(-3, 3),
    scale=st.floats(0.25, 4),
)
# A constant reviewer whose scaled scores differ only by float rounding: still z = 0.
@example(scores=[1, 1, 1], shift=0.0, scale=1.476114218758354)
def test_z_scores_ignore_a_reviewers_leniency_and_scale(scores, shift, scale):
    original = z_scores([("r", i, s) for i, s in enumerate(scores)])
    transformed = z_scores([("r", i, shift + scale * s) for i, s in enumerate(scores)])
    for key, value in original.items():
        assert transformed[key] == pytest.approx(value, abs=1e-9)


# --- edge cases ---------------------------------------------------------------------------------


def test_no_reviews():
    assert aggregate([]) == {}
    assert rank(aggregate([])) == []
    assert disagreements(aggregate([])) == []
    assert panel_alpha([]) is None
    summary = summarize([])
    assert summary.nominations == {}
    assert summary.ranking == summary.disagreements == []
    assert summary.alpha is summary.grand_mean is summary.pooled_sd is None


def test_one_review():
    scores = aggregate([("r", "A", 3.5)])
    assert scores["A"] == NominationScore(
        nomination="A",
        reviews=1,
        mean=3.5,
        median=3.5,
        sd=0.0,
        range=0.0,
        mean_z=0.0,
        normalized=3.5,  # the grand mean; the pooled sd is 0
        disagreement=False,
    )
    assert panel_alpha([("r", "A", 3.5)]) is None


def test_constant_reviewer_contributes_zero():
    # The constant reviewer gives 3 to everything: z = 0 for all, and no information on A vs B.
    # r1: A=5, B=3 (z +1, -1). Grand mean (5+3+3+3)/4 = 3.5; pooled sd sqrt((1+1+0+0)/4).
    reviews = [("constant", "A", 3), ("constant", "B", 3), ("r1", "A", 5), ("r1", "B", 3)]
    z = z_scores(reviews)
    assert z["constant", "A"] == z["constant", "B"] == 0.0
    scores = aggregate(reviews)
    assert scores["A"].mean_z == pytest.approx(0.5)
    assert scores["A"].normalized == pytest.approx(3.5 + 0.5 * math.sqrt(0.5))
    assert scores["B"].normalized == pytest.approx(3.5 - 0.5 * math.sqrt(0.5))


def test_only_constant_reviewers_rank_by_mean_then_id():
    reviews = [("x", "b", 4), ("x", "a", 4), ("y", "c", 2), ("y", "a", 2), ("y", "d", 2)]
    scores = aggregate(reviews)
    # Every z is 0 and the pooled sd is 0: all normalised scores are the grand mean 14/5.
    assert [s.normalized for s in scores.values()] == pytest.approx([14 / 5] * 4)
    assert [s.nomination for s in rank(scores)] == ["b", "a", "c", "d"]


def test_every_reviewer_with_a_single_review_ranks_by_mean():
    scores = aggregate([("x", "A", 2), ("y", "B", 4), ("z", "C", 3)])
    assert {s.normalized for s in scores.values()} == {3.0}
    assert [s.nomination for s in rank(scores)] == ["B", "C", "A"]


# --- ranking ------------------------------------------------------------------------------------


def test_rank_by_normalised_score_then_mean_then_id():
    def score(nomination, normalized, mean):
        return NominationScore(nomination, 2, mean, mean, 0.0, 0.0, 0.0, normalized)

    items = [
        score("d", 3.0, 3.0),
        score("c", 4.0, 3.5),
        score("b", 4.0, 4.5),
        score("a", 4.0, 3.5),
        score("e", 4.0 + 1e-12, 3.0),  # float noise is not a real difference
    ]
    assert [s.nomination for s in rank(items)] == ["b", "a", "c", "e", "d"]
    assert rank({s.nomination: s for s in items}) == rank(items)


def test_rank_of_known_numbers():
    # A: 3.25 + 1.1124 * 1.1952 = 4.580; B: 3.25 - 1.1952 / 3 = 2.852; C: 3.25 - 0.4082 * 1.1952 = 2.762.
    # By raw mean C (3.0) would beat B (2.667); normalised, B's harsh 2 from r1 weighs less.
    assert [s.nomination for s in rank(aggregate(KNOWN))] == ["A", "B", "C"]


# --- disagreement ---------------------------------------------------------------------------------


def _two_reviewer_cycle(ranges):
    """Nomination i is scored 1 by reviewer x and 1 + ranges[i] by reviewer y."""
    reviews = []
    for i, spread in enumerate(ranges):
        reviews += [("x", f"n{i}", 1.0), ("y", f"n{i}", 1.0 + spread)]
    return reviews


def test_disagreement_flags_the_top_quartile_of_ranges():
    # 8 nominations with two reviews: ceil(8/4) = 2 -> cut-off is the 2nd largest range, 3.
    scores = aggregate(_two_reviewer_cycle([0, 0.5, 1, 1, 1.5, 2, 3, 3.5]))
    assert {n for n, s in scores.items() if s.disagreement} == {"n6", "n7"}
    assert [s.nomination for s in disagreements(scores)] == ["n7", "n6"]


def test_disagreement_includes_ties_at_the_cut_off():
    # ceil(8/4) = 2 -> cut-off 2; every nomination with range 2 is flagged too.
    scores = aggregate(_two_reviewer_cycle([3, 2, 2, 2, 1, 0, 0, 0]))
    assert [s.nomination for s in disagreements(scores)] == ["n0", "n1", "n2", "n3"]


def test_disagreement_needs_at_least_a_point_of_range():
    scores = aggregate(_two_reviewer_cycle([0, 0.25, 0.5, 0.75]))
    assert disagreements(scores) == []
    scores = aggregate(_two_reviewer_cycle([0, 0.25, 0.5, 1.0]))
    assert [s.nomination for s in disagreements(scores)] == ["n3"]


def test_disagreement_parameters():
    ranges = [0, 0.5, 1, 1, 1.5, 2, 3, 3.5]
    scores = aggregate(_two_reviewer_cycle(ranges), disagreement_share=0.5, disagreement_min_range=2)
    # ceil(8/2) = 4 -> cut-off 1.5, but the minimum is 2.
    assert [s.nomination for s in disagreements(scores)] == ["n7", "n6", "n5"]
    with pytest.raises(ValueError):
        aggregate(_two_reviewer_cycle(ranges), disagreement_share=0)


def test_single_review_nominations_are_never_flagged():
    reviews = [("x", "solo", 5), ("x", "pair", 1), ("y", "pair", 4)]
    scores = aggregate(reviews)
    assert not scores["solo"].disagreement
    assert scores["pair"].disagreement  # the only eligible one, range 3


def test_disagreements_of_known_numbers():
    # Eligible A (range 1), B (1), C (4): ceil(3/4) = 1 -> cut-off 4 -> only C.
    assert [s.nomination for s in disagreements(aggregate(KNOWN))] == ["C"]


def test_disagreements_ordered_by_range_then_sd_then_id():
    reviews = [("x", "p", 1), ("y", "p", 3), ("x", "q", 1), ("y", "q", 3), ("z", "q", 3)]
    reviews += [("x", "r", 1), ("y", "r", 3)]
    scores = aggregate(reviews, disagreement_share=1)
    # All ranges 2; sd p = r = 1, q = sqrt(8/9) = 0.943.
    assert [s.nomination for s in disagreements(scores)] == ["p", "r", "q"]


# --- Krippendorff's alpha -----------------------------------------------------------------------


def test_alpha_matches_krippendorffs_published_example():
    assert round(krippendorff_alpha(KRIPPENDORFF_2011), 3) == 0.815  # ordinal is the default
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level="ordinal"), 3) == 0.815
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level="nominal"), 3) == 0.743
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level="interval"), 3) == 0.849
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level="ratio"), 3) == 0.797


def test_panel_alpha_on_the_published_example_as_reviews():
    reviews = _reviews_from_matrix(KRIPPENDORFF_2011)
    assert len(reviews) == 41
    assert round(panel_alpha(reviews), 3) == 0.815
    assert round(panel_alpha(reviews, level="interval"), 3) == 0.849
    assert round(summarize(reviews).alpha, 3) == 0.815


def test_reliability_matrix_layout():
    reviewers, nominations, matrix = reliability_matrix(_reviews_from_matrix(KRIPPENDORFF_2011))
    assert reviewers == ["observer-A", "observer-B", "observer-C", "observer-D"]
    assert nominations == list(range(1, 13))
    assert matrix == [[None if v is None else float(v) for v in row] for row in KRIPPENDORFF_2011]


def test_alpha_is_none_when_undefined():
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[]]) is None
    # No unit has two values: nothing is pairable.
    assert krippendorff_alpha([[1, None], [None, 2]]) is None
    assert panel_alpha([("x", "A", 4), ("y", "B", 2)]) is None
    # Pairable values without variation: expected disagreement is 0.
    assert krippendorff_alpha([[3, 3, 5], [3, 3, None]]) is None
    assert panel_alpha([("x", "A", 3), ("y", "A", 3)]) is None


def test_alpha_perfect_and_systematic_disagreement():
    assert krippendorff_alpha([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[1, 5], [5, 1]]) < 0


def test_alpha_with_fractional_overall_scores():
    # Overall scores are means of rubric scores, so the ordinal domain is the observed values.
    value = krippendorff_alpha([[1.5, 2.25, 4.75, 3.0], [1.5, 2.5, 4.5, 3.0]])
    assert value == pytest.approx(_ordinal_alpha_oracle([[1.5, 2.25, 4.75, 3.0], [1.5, 2.5, 4.5, 3.0]]))
    assert 0 < value < 1


def test_alpha_rejects_unknown_levels_and_ragged_rows():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(KRIPPENDORFF_2011, level="cardinal")
    with pytest.raises(ValueError, match="row"):
        krippendorff_alpha([[1, 2], [1]])


def _ordinal_alpha_oracle(matrix):
    """Ordinal alpha from the coincidence matrix, as in Krippendorff (2011), section C."""
    units = [[v for v in column if v is not None] for column in zip(*matrix, strict=True)]
    units = [u for u in units if len(u) >= 2]
    values = sorted({v for u in units for v in u})
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    o = [[0.0] * k for _ in range(k)]
    for u in units:
        for i, a in enumerate(u):
            for j, b in enumerate(u):
                if i != j:
                    o[index[a]][index[b]] += 1 / (len(u) - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)

    def delta2(c, d):
        lo, hi = min(c, d), max(c, d)
        return (sum(n_c[lo : hi + 1]) - (n_c[c] + n_c[d]) / 2) ** 2

    observed = sum(o[c][d] * delta2(c, d) for c in range(k) for d in range(k))
    expected = sum(n_c[c] * n_c[d] * delta2(c, d) for c in range(k) for d in range(k))
    return 1 - (n - 1) * observed / expected


def test_oracle_reproduces_the_published_ordinal_value():
    assert round(_ordinal_alpha_oracle(KRIPPENDORFF_2011), 3) == 0.815


@FAST
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=6, max_size=6),
        min_size=2,
        max_size=5,
    )
)
def test_alpha_agrees_with_the_coincidence_matrix_oracle(matrix):
    value = krippendorff_alpha(matrix)
    units = [[v for v in column if v is not None] for column in zip(*matrix, strict=True)]
    pairable = [v for u in units if len(u) >= 2 for v in u]
    if len(set(pairable)) < 2:
        assert value is None
    else:
        assert value == pytest.approx(_ordinal_alpha_oracle(matrix), abs=1e-9)


# --- summary --------------------------------------------------------------------------------------


def test_summarize_known_numbers():
    summary = summarize(KNOWN)
    assert summary.nominations == aggregate(KNOWN)
    assert [s.nomination for s in summary.ranking] == ["A", "B", "C"]
    assert [s.nomination for s in summary.disagreements] == ["C"]
    assert summary.grand_mean == GRAND_MEAN
    assert summary.pooled_sd == pytest.approx(POOLED_SD)
    assert summary.alpha == pytest.approx(_ordinal_alpha_oracle(reliability_matrix(KNOWN)[2]))
