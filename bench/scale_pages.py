"""The pages `bench/scale.py` measures, who reads each, the issue's goal for each (p95 with the
cache off, issue 15), and the helpers that say where a slow page spends its time."""

import math

DIRECTORY_GOAL = 150  # ms: every filter and the 200th page at 100,000 members
RANKING_GOAL = 200  # ms: a page at 10,000 nominations
CYCLE_GOAL = 300  # ms: every page a panelist, chair or admin uses in a cycle


def page_list(scale, size: int) -> list[tuple[str, str, str]]:
    """[(label, URL, role)]: the trivial view first. The cycle under review (`bench`) holds the
    ranking, the reviews, the panel and the deliberation; the screening list and the final list are
    those of past cohorts (2026, 2025), which hold nominations in those states."""
    from distinguished.membership import api as membership
    from distinguished.membership.directory_views import PER_PAGE
    from distinguished.nominations.models import Nomination
    from distinguished.review.models import Assignment, Conflict

    cycle, panelist = scale.cycle.slug, scale.panelists[1]
    listed = membership.directory_entries(membership.DirectoryFilters()).count()
    member = (
        membership.directory_entries(membership.DirectoryFilters(track="engineer"))
        .values_list("contributor_id", flat=True)
        .first()
    )
    hidden = Conflict.objects.filter(panelist=scale.chair).values_list("nomination_id", flat=True)
    in_review = Nomination.objects.filter(cycle=scale.cycle)
    nomination = in_review.exclude(pk__in=hidden).order_by("id").values_list("id", flat=True).first()
    assignment = (
        Assignment.objects.filter(cycle=scale.cycle, panelist=panelist)
        .order_by("id")
        .values_list("id", flat=True)
    ).first()
    last = max(1, math.ceil((in_review.count() - hidden.count()) / 50))
    pages = [
        ("trivial view (baseline)", "/bench/trivial/", "anonymous"),
        ("directory", "/directory/", "anonymous"),
        ("directory ?status=active&track=engineer", "/directory/?status=active&track=engineer", "anonymous"),
    ]
    if listed >= 200 * PER_PAGE:
        pages.append(("directory ?page=200", "/directory/?page=200", "anonymous"))
    pages += [
        ("directory ?cycle=2025", "/directory/?cycle=2025", "anonymous"),
        ("directory ?country=FR", "/directory/?country=FR", "anonymous"),
        ("directory ?q=Smith", "/directory/?q=Smith", "anonymous"),
        ("directory ?status=all&track=advocate", "/directory/?status=all&track=advocate", "anonymous"),
        ("a member's profile", f"/directory/{member}/", "anonymous"),
        ("ranking, page 1 (chair)", f"/cycles/{cycle}/ranking/", "chair"),
        (
            f"ranking, page {last} by nominee (chair)",
            f"/cycles/{cycle}/ranking/?sort=nominee&page={last}",
            "chair",
        ),
        ("review list (panelist)", "/review/", "panelist"),
        ("review form (panelist)", f"/review/{assignment}/", "panelist"),
        ("screening, cohort 2026 (chair)", "/cycles/2026/screening/", "chair"),
        ("panel (chair)", f"/cycles/{cycle}/panel/", "chair"),
        ("deliberation board (chair)", f"/cycles/{cycle}/deliberation/", "chair"),
        ("final list, cohort 2025 (chair)", "/cycles/2025/approval/", "chair"),
        ("nomination with scorecard (chair)", f"/nominations/{nomination}/", "chair"),
        ("memberships (admin)", "/memberships/", "admin"),
        ("renewals (admin)", "/renewals/", "admin"),
        ("audit (admin)", "/audit/", "admin"),
        ("dashboard (admin)", "/program/dashboard/", "admin"),
        ("GET /api/v1/program/stats/ (admin)", "/api/v1/program/stats/", "admin"),
    ]
    return pages


def goal(label: str) -> int | None:
    """The issue's p95 goal (ms, cache off) of a page; None: the issue sets none (the dashboard)."""
    if label.startswith(("directory", "a member's profile")):
        return DIRECTORY_GOAL
    if label.startswith("ranking"):
        return RANKING_GOAL
    if label.startswith(("trivial", "dashboard", "GET /api/v1/program/stats/")):
        return None
    return CYCLE_GOAL


def slowest_query(captured: list[dict]) -> tuple[float, str]:
    """(ms, SQL) of the slowest of a request's captured queries."""
    if not captured:
        return 0.0, ""
    query = max(captured, key=lambda q: float(q["time"]))
    return float(query["time"]) * 1000, query["sql"]


def explain(sql: str, lines: int = 40) -> str:
    """EXPLAIN ANALYZE of a captured query (its parameters bound in the text), shortened."""
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return f"  (not a SELECT) {sql[:300]}"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    text = [f"  SQL: {sql[:1200]}{' ...' if len(sql) > 1200 else ''}"]
    text += [f"  | {line}" for line in plan[:lines]]
    if len(plan) > lines:
        text.append(f"  | ... {len(plan) - lines} more lines")
    return "\n".join(text)


def inventory() -> str:
    """What the database holds."""
    from django.db import connection

    tables = {
        "members": "select count(distinct contributor_id) from membership_membership",
        "terms": "select count(*) from membership_membership",
        "contributors": "select count(*) from people_contributor",
        "nominations": "select count(*) from nominations_nomination",
        "in the cycle under review": "select count(*) from nominations_nomination n join program_cycle c "
        "on c.id = n.cycle_id where c.slug = 'bench'",
        "reviews": "select count(*) from review_review",
        "endorsements": "select count(*) from nominations_endorsement",
        "contributions": "select count(*) from contributions_contribution",
        "audit events": "select count(*) from audit_auditevent",
        "renewal applications": "select count(*) from membership_renewal",
    }
    found = []
    with connection.cursor() as cursor:
        for name, sql in tables.items():
            cursor.execute(sql)
            found.append(f"{cursor.fetchone()[0]:,} {name}")
    return "database: " + ", ".join(found)
