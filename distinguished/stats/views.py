"""The pages of the program in figures: the OKR dashboard (admins, chairs, the approver) and the
public impact page. They only translate: the figures come from `api.py`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.core.forms import add_errors
from distinguished.program import api as program

from . import api
from .forms import PeriodForm
from .page_charts import TIER_LABELS, dashboard_charts, funnel_rows, impact_charts


def _quick_links() -> list[tuple[str, str]]:
    """The periods a reader asks for most: the current cycle's year, the last twelve months, all."""
    links = [(_("The last twelve months"), reverse("stats:dashboard"))]
    current = program.current_cycle()
    if current is not None:
        links.insert(0, (f"{current.name}", f"{reverse('stats:dashboard')}?cycle={current.slug}"))
    start = api.program_start()
    if start is not None:
        links.append(
            (_("Since the program began"), f"{reverse('stats:dashboard')}?since={start.isoformat()}")
        )
    return links


def _track_rows(figures) -> list[tuple[str, object]]:
    names = figures["track_names"]
    return [(program.in_language(names.get(code, code)), n) for code, n in figures["active_by_track"].items()]


@login_required
def dashboard(request):
    if not api.may_read_figures(request.user):
        raise PermissionDenied(_("The dashboard is for program admins, panel chairs and the Axim approver."))
    form = PeriodForm(request.GET or None, cycles=program.cycles())
    context = {
        "form": form,
        "quick_links": _quick_links(),
        "breadcrumbs": [(_("Home"), reverse("web:home")), (_("Dashboard"), "")],
    }
    try:
        period = api.read_period(request.GET)
    except ValidationError as error:
        form.is_valid()
        add_errors(form, error)
        return render(request, "stats/dashboard.html", context, status=400)
    figures = api.figures_seen_by(request.user, period)
    charts = dashboard_charts(figures, figures["track_names"])
    for cycle in figures["cycles"]:
        cycle["funnel_rows"] = funnel_rows(cycle)
        cycle["funnel_chart"] = charts["funnels"][cycle["cycle"]]
    for track in figures["key_results"]:
        track["chart"] = charts["key_results"][track["track"]]
    context |= {
        "figures": figures,
        "period": period,
        "charts": charts,
        "track_rows": _track_rows(figures),
        "tier_rows": [(TIER_LABELS.get(tier, tier), n) for tier, n in figures["active_by_tier"].items()],
    }
    return render(request, "stats/dashboard.html", context)


def impact(request):
    """Anyone: the program's aggregate figures over the last twelve months, small counts hidden."""
    figures = api.impact_figures(api.read_period({}, today=timezone.localdate()))
    charts = impact_charts(figures)
    # A hidden count ("fewer than 3", "not shown") in the reader's words.
    words = api.hidden_words
    for name in ("active_members", "lifetime_members"):
        figures[name] = words(figures[name])
    for row in figures["cohorts"]:
        row["new_members"] = words(row["new_members"])
    return render(
        request,
        "stats/impact.html",
        {
            "figures": figures,
            "track_rows": [(name, words(n)) for name, n in _track_rows(figures)],
            "tier_rows": [
                (TIER_LABELS.get(tier, tier), words(n)) for tier, n in figures["active_by_tier"].items()
            ],
            "charts": charts,
            "smallest": api.SMALLEST_SHOWN,
            "breadcrumbs": [(_("Home"), reverse("web:home")), (_("The program's impact"), "")],
        },
    )
