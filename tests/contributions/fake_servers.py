"""Small stand-ins for GitHub's REST API and Discourse's user-actions API, served by pytest-httpserver
on a local port, answering in the documented JSON formats (with Link pagination, rate-limit headers
and scripted failures), so that the importers' real httpx code is what the tests run."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from werkzeug import Request, Response


class FakeTime:
    """An injected clock and sleep: sleeping moves the clock, nobody waits."""

    def __init__(self, now: float = 1_750_000_000.0):
        self.now = now
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


@dataclass
class Scripted:
    """Answer the `nth` (0-based) request whose path starts with `path` (and whose query contains
    `query`, if given) with this response instead, `times` times in a row."""

    path: str
    status: int
    headers: dict = field(default_factory=dict)
    body: object = None
    nth: int = 0
    times: int = 1
    query: str = ""
    seen: int = 0
    used: int = 0

    def matches(self, request: Request) -> bool:
        if not request.path.startswith(self.path):
            return False
        if self.query and self.query not in request.args.get("q", "") + request.args.get("username", ""):
            return False
        index = self.seen
        self.seen += 1
        if index >= self.nth and self.used < self.times:
            self.used += 1
            return True
        return False


class FakeServer:
    def __init__(self, httpserver, page_size: int):
        self.httpserver = httpserver
        self.page_size = page_size
        self.requests: list[tuple[str, dict, dict]] = []  # (path, query args, headers)
        self.scripted: list[Scripted] = []
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.httpserver.url_for("").rstrip("/")

    def script(self, path: str, status: int, *, headers=None, body=None, nth=0, times=1, query="") -> None:
        self.scripted.append(Scripted(path, status, headers or {}, body, nth, times, query))

    def paths(self, prefix: str = "") -> list[str]:
        return [path for path, _, _ in self.requests if path.startswith(prefix)]

    def handle(self, request: Request) -> Response:
        self.requests.append((request.path, request.args.to_dict(), dict(request.headers)))
        for scripted in self.scripted:
            if scripted.matches(request):
                body = scripted.body if scripted.body is not None else {"message": "scripted"}
                return json_response(body, scripted.status, scripted.headers)
        return self.route(request)

    def route(self, request: Request) -> Response:
        raise NotImplementedError


def iso(day: str, time: str = "12:00:00") -> str:
    return f"{day}T{time}Z"


class FakeGitHub(FakeServer):
    """GitHub with an organization's repositories and pull requests. Pages hold `page_size` items
    whatever per_page asks (the real API caps per_page too), so a few items make several pages."""

    def __init__(self, httpserver, org: str = "openedx", page_size: int = 2):
        super().__init__(httpserver, page_size)
        self.org = org
        self.repos: list[dict] = []
        self.pulls: list[dict] = []
        # Headers added to every 2xx answer of a path prefix, e.g. rate-limit counters.
        self.extra_headers: dict[str, dict] = {}
        self.ignore_since = False

    def add_repo(self, name: str, *, private: bool = False) -> str:
        full_name = f"{self.org}/{name}"
        self.repos.append(
            {
                "id": len(self.repos) + 1,
                "name": name,
                "full_name": full_name,
                "private": private,
                "fork": False,
                "html_url": f"https://github.com/{full_name}",
                "url": f"{self.url}/repos/{full_name}",
            }
        )
        return full_name

    def add_pull(
        self,
        repo: str,
        author: str,
        merged: str | None,
        *,
        title: str = "",
        additions: int = 10,
        deletions: int = 5,
        labels=(),
        listed: bool = True,
    ) -> dict:
        number = len(self.pulls) + 100
        pull = {
            "repo": repo,
            "number": number,
            "author": author,
            "merged_at": iso(merged) if merged else None,
            "title": title or f"Change {number} by {author}",
            "additions": additions,
            "deletions": deletions,
            "labels": list(labels),
            "listed": listed,
        }
        self.pulls.append(pull)
        return pull

    def search_item(self, pull: dict) -> dict:
        """An item of GET /search/issues, as documented (a pull request is an issue with `pull_request`)."""
        full = f"{self.org}/{pull['repo']}" if "/" not in pull["repo"] else pull["repo"]
        return {
            "url": f"{self.url}/repos/{full}/issues/{pull['number']}",
            "repository_url": f"{self.url}/repos/{full}",
            "html_url": f"https://github.com/{full}/pull/{pull['number']}",
            "id": 9000 + pull["number"],
            "number": pull["number"],
            "title": pull["title"],
            "user": {"login": pull["author"], "id": 1, "type": "User"},
            "labels": [{"id": i, "name": name, "color": "ededed"} for i, name in enumerate(pull["labels"])],
            "state": "closed",
            "created_at": iso("2020-01-01"),
            "closed_at": pull["merged_at"],
            "pull_request": {
                "url": f"{self.url}/repos/{full}/pulls/{pull['number']}",
                "html_url": f"https://github.com/{full}/pull/{pull['number']}",
                "merged_at": pull["merged_at"],
            },
            "body": "",
            "score": 1.0,
        }

    def page(self, request: Request, items: list, base_path: str, params: dict) -> tuple[list, dict]:
        page = int(request.args.get("page", "1"))
        start = (page - 1) * self.page_size
        chunk = items[start : start + self.page_size]
        headers = {}
        links = []
        if start + self.page_size < len(items):
            links.append(f'<{self.url}{base_path}?{urlencode({**params, "page": page + 1})}>; rel="next"')
            last = (len(items) + self.page_size - 1) // self.page_size
            links.append(f'<{self.url}{base_path}?{urlencode({**params, "page": last})}>; rel="last"')
        if links:
            headers["Link"] = ", ".join(links)
        return chunk, headers

    def extra(self, path: str) -> dict:
        headers = {}
        for prefix, values in self.extra_headers.items():
            if path.startswith(prefix):
                headers.update(values)
        return headers

    def route(self, request: Request) -> Response:
        path = request.path
        params = {key: value for key, value in request.args.items() if key != "page"}
        if path == f"/orgs/{self.org}/repos":
            repos = self.repos
            if request.args.get("type") == "public":
                repos = [repo for repo in repos if not repo["private"]]
            chunk, headers = self.page(request, repos, path, params)
            return json_response(chunk, headers={**headers, **self.extra(path)})
        if path.startswith("/orgs/"):
            return json_response({"message": "Not Found", "status": "404"}, 404)
        if path == "/search/issues":
            found = [self.search_item(pull) for pull in self.search(request.args["q"])]
            chunk, headers = self.page(request, found, path, params)
            body = {"total_count": len(found), "incomplete_results": False, "items": chunk}
            return json_response(body, headers={**headers, **self.extra(path)})
        match = re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls/(\d+)", path)
        if match:
            for pull in self.pulls:
                full = f"{self.org}/{pull['repo']}" if "/" not in pull["repo"] else pull["repo"]
                if full == match.group(1) and pull["number"] == int(match.group(2)):
                    return json_response(
                        {
                            "number": pull["number"],
                            "state": "closed",
                            "title": pull["title"],
                            "html_url": f"https://github.com/{full}/pull/{pull['number']}",
                            "merged": pull["merged_at"] is not None,
                            "merged_at": pull["merged_at"],
                            "additions": pull["additions"],
                            "deletions": pull["deletions"],
                            "changed_files": 3,
                        },
                        headers=self.extra(path),
                    )
            return json_response({"message": "Not Found"}, 404)
        return json_response({"message": "Not Found"}, 404)

    def search(self, query: str) -> list[dict]:
        """The documented qualifiers this importer uses: org:, is:pr, is:merged, author:, merged:>=D, merged:A..B."""
        terms = dict(
            term.split(":", 1) for term in query.split() if ":" in term and not term.startswith("is:")
        )
        assert terms.get("org") == self.org, query
        assert "is:pr" in query.split() and "is:merged" in query.split(), query
        author = terms["author"].lower()
        low = high = None
        merged = terms.get("merged", "")
        if merged.startswith(">="):
            low = merged[2:]
        elif ".." in merged:
            low, high = merged.split("..")
        found = []
        for pull in self.pulls:
            if not pull["merged_at"] or not pull["listed"]:
                continue
            if pull["author"].lower() != author and pull.get("shown_for", "") != author:
                continue
            day = pull["merged_at"][:10]
            if not self.ignore_since and ((low and day < low) or (high and day > high)):
                continue
            found.append(pull)
        return sorted(found, key=lambda pull: pull["number"])


class FakeDiscourse(FakeServer):
    """A Discourse forum: GET /user_actions.json?username=U&filter=5&offset=N, newest first,
    `page_size` actions a page (30 on a real forum), an empty list past the end."""

    def __init__(self, httpserver, page_size: int = 3):
        super().__init__(httpserver, page_size)
        self.users: dict[str, list[dict]] = {}
        self.next_post_id = 5000

    def add_user(self, username: str) -> None:
        self.users.setdefault(username, [])

    def add_reply(
        self,
        username: str,
        day: str,
        *,
        title: str = "",
        topic_id: int | None = None,
        post_number: int = 2,
        author: str | None = None,
        category_id: int | None = 7,
        deleted: bool = False,
        hidden: bool = False,
    ) -> dict:
        self.add_user(username)
        self.next_post_id += 1
        post_id = self.next_post_id
        topic_id = topic_id or post_id - 4000
        poster = author or username
        action = {
            "excerpt": "Try restarting the LMS worker…",
            "action_type": 5,
            "created_at": f"{day}T09:30:00.000Z",
            "avatar_template": f"/user_avatar/forum/{poster}/{{size}}/1_2.png",
            "acting_avatar_template": f"/user_avatar/forum/{poster}/{{size}}/1_2.png",
            "slug": f"topic-{topic_id}",
            "topic_id": topic_id,
            "target_user_id": 10,
            "target_name": poster.title(),
            "target_username": poster,
            "post_number": post_number,
            "post_id": post_id,
            "username": poster,
            "name": poster.title(),
            "user_id": 10,
            "acting_username": poster,
            "acting_name": poster.title(),
            "acting_user_id": 10,
            "title": title or f"Question {topic_id}",
            "deleted": deleted,
            "hidden": hidden,
            "post_type": 1,
            "action_code": None,
            "category_id": category_id,
            "closed": False,
            "archived": False,
        }
        self.users[username].append(action)
        return action

    def route(self, request: Request) -> Response:
        if request.path != "/user_actions.json":
            return json_response({"errors": ["Not found"], "error_type": "not_found"}, 404)
        username = request.args.get("username", "")
        assert request.args.get("filter") == "5"
        actions = next(
            (items for name, items in self.users.items() if name.lower() == username.lower()), None
        )
        if actions is None:
            return json_response(
                {"errors": ["The requested URL or resource could not be found."], "error_type": "not_found"},
                404,
            )
        newest_first = sorted(
            actions, key=lambda action: (action["created_at"], action["post_id"]), reverse=True
        )
        offset = int(request.args.get("offset", "0"))
        return json_response({"user_actions": newest_first[offset : offset + self.page_size]})


def days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()
