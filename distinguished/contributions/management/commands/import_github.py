from distinguished.contributions import importers, tasks

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the merged pull requests of known contributors (matched by GitHub login) in the public "
        "repositories of a GitHub organization. Idempotent; resumes after a failed run."
    )
    unit = "login"
    task = tasks.import_github

    def add_arguments(self, parser):
        parser.add_argument("--org", default="openedx", help="GitHub organization (default: openedx)")
        self.add_common_arguments(parser)

    def queue(self, *, org, since, **options):
        return importers.queue_github_import(org=org, since=since)
