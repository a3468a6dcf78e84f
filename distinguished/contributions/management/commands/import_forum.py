from distinguished.contributions import importers, tasks

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the forum replies of known contributors (matched by forum username) from a Discourse "
        "forum, as forum answers. Idempotent; resumes after a failed run."
    )
    unit = "username"
    task = tasks.import_forum

    def add_arguments(self, parser):
        parser.add_argument("--url", help="the forum's address (default: DISCOURSE_URL)")
        self.add_common_arguments(parser)

    def queue(self, *, url, since, **options):
        return importers.queue_forum_import(url=url, since=since)
