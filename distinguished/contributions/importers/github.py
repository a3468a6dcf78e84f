"""Merged pull requests of known contributors in a GitHub organization's public repositories.

Requests, and why this way. The program knows about a hundred GitHub logins; the openedx
organization has hundreds of repositories with tens of thousands of closed pull requests, nearly
all by people the program does not track. Listing closed pull requests repository by repository
(`GET /repos/{owner}/{repo}/pulls?state=closed`) would cost (repositories x pages of every closed
PR) requests on every run, whoever wrote them. The search API asks for exactly what is wanted:

1. `GET /orgs/{org}/repos?type=public&per_page=100` (Link pagination; a few pages) — the public
   repositories. Only their pull requests are imported: a token that can see private repositories
   must not bring their titles into a public directory. It also gives each repository's canonical
   full name, used in the external id `github:{owner}/{repo}#{number}`.
2. Per known login, `GET /search/issues?q=org:{org} is:pr is:merged author:{login} [merged:>=DATE]`
   (`per_page=100`, Link pagination) — one request per 100 merged PRs of that person. When a query
   matches more than the 1,000 results GitHub's search returns, its date range is halved until each
   part fits.
3. Per pull request not imported yet and not already major by a label,
   `GET /repos/{owner}/{repo}/pulls/{number}` — the search result has no size (additions and
   deletions). Pull requests already imported cost nothing more on a re-run.

So a full run costs about (logins + their PRs / 100 + new PRs) requests: a first import of ~100
people is a few thousand requests at most, within the 5,000 an hour of a token, and a re-run about
a hundred. The search API allows 30 requests a minute with a token (10 without): the client waits
for `X-RateLimit-Reset` when a response says nothing is left, and after a 403/429 refusal."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.people import api as people

from ..models import Source
from .dates import iso_date, local_date
from .http import ApiClient, ClientError, ImportFailed
from .importer import Importer
from .recording import imported_ids

# The first day a pull request can have been merged on GitHub; where a split date range starts.
GITHUB_EPOCH = dt.date(2008, 1, 1)


def github_params(org: str, since: dt.date | str | None = None) -> dict:
    org = (org or "").strip()
    if not org or "/" in org or " " in org:
        raise ValueError(_("“%(org)s” is not a GitHub organization name.") % {"org": org})
    return {"org": org, "since": iso_date(since)}


class GitHubImporter(Importer):
    source = Source.GITHUB
    kind = "pull_request"
    service = "GitHub"
    # GitHub's search returns at most this many results for one query.
    SEARCH_CAP = 1000
    PER_PAGE = 100

    def __init__(self, run, **kwargs):
        super().__init__(run, **kwargs)
        self.org = run.params["org"]
        self.since = dt.date.fromisoformat(run.params["since"]) if run.params.get("since") else None
        self.min_changes = int(settings.GITHUB_MAJOR_MIN_CHANGES)
        self.major_labels = {label.strip().lower() for label in settings.GITHUB_MAJOR_LABELS if label.strip()}
        # lower-cased full name → full name as GitHub spells it, of the organization's public repositories
        self.repos: dict[str, str] = {}

    def make_client(self) -> ApiClient:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if settings.GITHUB_TOKEN:
            headers["Authorization"] = f"Bearer {settings.GITHUB_TOKEN}"
        return ApiClient(settings.GITHUB_API_URL, headers=headers, **self.client_kwargs())

    def prepare(self) -> None:
        try:
            for page in self.client.pages(
                f"/orgs/{self.org}/repos", {"type": "public", "per_page": self.PER_PAGE}
            ):
                for repo in page:
                    if not repo.get("private"):
                        self.repos[repo["full_name"].lower()] = repo["full_name"]
        except ClientError as error:
            if error.status_code == 404:
                raise ImportFailed(
                    _("GitHub has no organization “%(org)s” (%(error)s).") % {"org": self.org, "error": error}
                ) from error
            raise ImportFailed(_("%(error)s. Check GITHUB_TOKEN.") % {"error": error}) from error

    def units(self) -> list[tuple[str, int]]:
        return sorted(people.contributor_handles("github").items())

    def import_unit(self, login: str, contributor_id: int) -> None:
        try:
            self._search(login, contributor_id, self.since, None)
        except ClientError as error:
            if error.status_code == 422:
                # GitHub's answer when the author does not exist (or cannot be searched).
                self.problem(
                    _("GitHub cannot search the pull requests of “%(login)s”: %(error)s")
                    % {"login": login, "error": error}
                )
                return
            raise

    def _query(self, login: str, start: dt.date | None, end: dt.date | None) -> str:
        query = f"org:{self.org} is:pr is:merged author:{login}"
        if start and end:
            query += f" merged:{start.isoformat()}..{end.isoformat()}"
        elif start:
            query += f" merged:>={start.isoformat()}"
        return query

    def _search(self, login: str, contributor_id: int, start: dt.date | None, end: dt.date | None) -> None:
        params = {
            "q": self._query(login, start, end),
            "per_page": self.PER_PAGE,
            "sort": "created",
            "order": "asc",
        }
        for number, page in enumerate(self.client.pages("/search/issues", params)):
            if number == 0:
                if page.get("total_count", 0) > self.SEARCH_CAP:
                    low, high = start or GITHUB_EPOCH, end or timezone.localdate()
                    if high > low:
                        middle = low + (high - low) // 2
                        self._search(login, contributor_id, low, middle)
                        self._search(login, contributor_id, middle + dt.timedelta(days=1), high)
                        return
                    self.problem(
                        _(
                            "“%(login)s” has more than %(cap)s merged pull requests on %(day)s; "
                            "only the first %(cap)s are imported."
                        )
                        % {"login": login, "cap": self.SEARCH_CAP, "day": low}
                    )
                if page.get("incomplete_results"):
                    self.problem(
                        _(
                            "GitHub's search timed out for “%(login)s” and gave incomplete results; "
                            "run the import again later to complete them."
                        )
                        % {"login": login}
                    )
            self._import_items(login, contributor_id, page.get("items") or [])

    def _repo_of(self, item: dict) -> str | None:
        """The repository's full name as GitHub spells it, when it is a public one of the organization."""
        marker = "/repos/"
        url = item.get("repository_url") or ""
        if marker not in url:
            return None
        return self.repos.get(url.split(marker, 1)[1].strip("/").lower())

    def _import_items(self, login: str, contributor_id: int, items: list[dict]) -> None:
        candidates = []
        for item in items:
            repo = self._repo_of(item)
            author = ((item.get("user") or {}).get("login") or "").lower()
            if repo is None or author != login or "pull_request" not in item:
                # Private repository, another organization's, not by this person, or not a PR.
                self.skip()
                continue
            candidates.append((f"github:{repo}#{item['number']}", repo, item))
        known = imported_ids(self.source, [external_id for external_id, _, _ in candidates])
        for external_id, repo, item in candidates:
            if external_id in known:
                self.skip()
                continue
            self._import_pull(external_id, repo, item, contributor_id)

    def _import_pull(self, external_id: str, repo: str, item: dict, contributor_id: int) -> None:
        pull = self._merge_of(external_id, repo, item)
        if pull is None:
            return
        merged_at, url, major = pull
        if not merged_at:
            self.skip()
            return
        try:
            date = local_date(merged_at)
        except ValueError:
            self.problem(f"{external_id}: “{merged_at}” is not a time.")
            return
        if self.since and date < self.since:
            self.skip()
            return
        self.record(
            external_id=external_id,
            contributor_id=contributor_id,
            date=date,
            title=item.get("title") or "",
            url=url,
            major=major,
        )

    def _merge_of(self, external_id: str, repo: str, item: dict) -> tuple | None:
        """(when the pull request was merged, its link, whether it is major) from the search
        result, asking GitHub for the pull request itself when the result leaves its merge or its
        size open (a major label settles the size); None, with a problem noted, when it is gone."""
        merged_at, url, major = self._as_searched(item)
        if major and merged_at:
            return merged_at, url, major
        pull = self._pull(external_id, repo, item["number"])
        if pull is None:
            return None
        changes = int(pull.get("additions") or 0) + int(pull.get("deletions") or 0)
        return (
            pull.get("merged_at") or merged_at,
            url or pull.get("html_url") or "",
            major or changes >= self.min_changes,
        )

    def _as_searched(self, item: dict) -> tuple:
        """(merged at, link, labelled major) as the search result has them."""
        labels = {(label.get("name") or "").strip().lower() for label in item.get("labels") or []}
        merged_at = (item.get("pull_request") or {}).get("merged_at")
        return merged_at, item.get("html_url") or "", bool(labels & self.major_labels)

    def _pull(self, external_id: str, repo: str, number) -> dict | None:
        """The pull request itself; None, with a problem noted, when it is gone."""
        try:
            # A body of JSON null reads as a pull request with nothing in it, as a search result
            # without its fields does, never as one gone.
            return self.client.get_json(f"/repos/{repo}/pulls/{number}") or {}
        except ClientError as error:
            if error.status_code in (404, 410):
                self.problem(f"{external_id} is gone ({error}).")
                return None
            raise

    def summary(self) -> str:
        return f"{len(self.repos)} public repositories of {self.org}"
