"""The filters of the list of nominations, as its query string names them: `cycle`, `track`,
`state` (as the caller reads it) and `q` (words). The REST API's list, its download and the pages'
downloads validate them with this one FilterSet, so a value one refuses the others refuse too."""

from django_filters import rest_framework as filters

from .decision_notice import seen_state_filter
from .enums import State
from .models import Nomination
from .search import search_nominations

Q_MAX = 200


class NominationFilter(filters.FilterSet):
    cycle = filters.CharFilter(field_name="cycle__slug", help_text="A cycle slug.")
    track = filters.CharFilter(field_name="track__code", help_text="A track code.")
    q = filters.CharFilter(
        method="filter_q",
        max_length=Q_MAX,
        help_text="Words that must each match the nominee's name, the track (name or code) or the nominator.",
    )
    state = filters.ChoiceFilter(
        choices=State.choices,
        method="filter_state",
        help_text="The state as the caller reads it: a decision not announced yet is in_review to "
        "the nominator, the nominee and endorsers.",
    )

    class Meta:
        model = Nomination
        fields = ["cycle", "track", "state", "q"]

    def filter_q(self, queryset, name, value):
        return search_nominations(queryset, value)

    def filter_state(self, queryset, name, value):
        return seen_state_filter(queryset, self.request.user, value)


def bound_list_filter(data, request) -> NominationFilter:
    """The nominations list's FilterSet bound to `data` on no rows: what another list (an export, the
    screening page) uses to check the filters the way the list checks them."""
    return NominationFilter(data, queryset=Nomination.objects.none(), request=request)
