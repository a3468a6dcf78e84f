"""The Atom feed of announcements: each announced cohort, with the text of its announcement page."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import api


class Announcements(Feed):
    feed_type = Atom1Feed
    title = _("Open edX Distinguished Contributors: announcements")
    subtitle = _("Each new cohort of the Open edX Distinguished Contributor Program.")

    def link(self):
        return reverse("web:home")

    def items(self):
        return [(announced, api.announcement_text(announced)) for announced in api.announcements()]

    def item_title(self, item):
        announced, text = item
        with translation.override(announced.language):  # as its text: the announcement's language
            return ngettext(
                "%(cycle)s: %(count)s new Distinguished Contributor",
                "%(cycle)s: %(count)s new Distinguished Contributors",
                text.total,
            ) % {"cycle": announced.cycle.name, "count": text.total}

    def item_description(self, item):
        return item[1].html

    def item_link(self, item):
        return reverse("cohorts:announcement", args=[item[0].cycle.slug])

    def item_pubdate(self, item):
        return item[0].announced

    def item_updateddate(self, item):
        return item[0].announced
