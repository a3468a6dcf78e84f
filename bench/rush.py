"""Benchmark of the deadline rush (issue 15): `--count` nominators each create and submit a
nomination through the REST API, all at once, in the last minute of the nomination window, against
gunicorn on PostgreSQL; then the database is checked: every submission there once, none lost, none
duplicated, no 5xx.

Creates a fresh PostgreSQL database (dropped on exit), migrates it (which loads the program), makes
`--count` nominators plus `--late` latecomers (each a person with a contributor profile and an API
token) and a cycle whose window closes about `--lead` + 45 seconds later. A window closes at local
midnight of its closing day (`Cycle.phase`), so the server runs in a time zone made for the run
(`Bench/Rush`, a TZif file in the temporary folder) whose midnight falls at that moment; nothing in
the project is patched. gunicorn serves the project with the production settings (DEBUG off, e-mail
to `dummymail://`, no Celery broker: tasks run in the request, as a single-server install does) and
`bench/directory_urls.py`, which adds `/bench/trivial/`, the baseline measured in the same run with
the same client and concurrency.

At `--lead` seconds before the close every nominator starts at once (asyncio, one connection per
request): `POST /api/v1/nominations/` (a self-nomination with a statement and two evidence links)
then `POST /api/v1/nominations/{id}/submit/`. The first `--doubles` of them send each request twice
at the same moment (a double click, a client retrying): one create must win (201) and the other get a
400 naming the existing nomination; one submit must win (200) and the other get a 400 naming the
state. The latecomers create drafts in the rush and submit just after the close: a clean 400 naming
the closed window. Prints the status codes, p50/p95/max latency per request and per nominator
(create + submit), the throughput beside the trivial view's, the CPU gunicorn spent, and the load
average before and after.

Then the database must hold every accepted submission once and nothing else: no nominee twice, one
audit event per change, each piece of evidence recorded once as a contribution. A nominator whom the
close overtook (the server had not reached them) is refused with a 400 naming the closed window:
counted as late, not lost. Exit status: 0 all submitted in time; 1 a broken expectation (a 5xx, an
unexpected answer, a lost or duplicated nomination, an error in the server log); 2 none broken but
some nominators late.

Run: `.venv/bin/python bench/rush.py` (about 3 minutes; `--help` for the options). Needs PostgreSQL
(`--server`, trust auth) and psycopg (requirements/production.txt).
"""

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import resource
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZONE = "Bench/Rush"
SLUG = "rush"


def wsgi():
    """gunicorn's entry point (`bench.rush:wsgi()`): the project with the bench urlconf, in the
    time zone made for the run (`BENCH_RUSH_TZPATH`), whose midnight closes the window."""
    import zoneinfo

    from django.conf import settings
    from django.utils import timezone

    from distinguished.wsgi import application

    settings.ROOT_URLCONF = "bench.directory_urls"
    zoneinfo.reset_tzpath([os.environ["BENCH_RUSH_TZPATH"], *zoneinfo.TZPATH])
    settings.TIME_ZONE = ZONE
    timezone.get_default_timezone.cache_clear()
    return application


# --- The time zone and the database ---------------------------------------------------------


def write_zone(folder: Path, offset: int) -> None:
    """A TZif (version 2) file with one local time type, `offset` seconds east of UTC."""
    name = b"RUSH\0"
    block = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, len(name))
    block += struct.pack(">lBB", offset, 0, 0) + name
    west = abs(offset)
    footer = f"<RUSH>{'-' if offset >= 0 else '+'}{west // 3600}:{west % 3600 // 60:02d}:{west % 60:02d}"
    path = folder / ZONE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(block + block + b"\n" + footer.encode() + b"\n")


def zone_for(deadline: dt.datetime) -> tuple[int, dt.date]:
    """The offset (seconds east of UTC) at which `deadline` is local midnight, and the closing day
    (the local day that ends then)."""
    since_midnight = deadline - deadline.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = (86400 - int(since_midnight.total_seconds())) % 86400
    if offset > 43200:
        offset -= 86400
    return offset, (deadline + dt.timedelta(seconds=offset - 1)).date()


def environment(args, folder: Path, database: str, port: int) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_", "CONN_"))
    }
    if args.conn_max_age is not None:  # else the production settings' default
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
    env.update(
        DJANGO_SETTINGS_MODULE="distinguished.settings.production",
        SECRET_KEY="bench-rush-only-" + "x" * 40,
        DATABASE_URL=f"{args.server.rstrip('/')}/{database}",
        DISTINGUISHED_VAR_DIR=str(folder),
        STATIC_ROOT=str(folder / "static"),
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="ERROR",
        BENCH_RUSH_TZPATH=str(folder / "zones"),
        PYTHONUNBUFFERED="1",
    )
    return env


def admin_sql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def build(count: int, late: int):
    """The nominators (people with a profile and an API token) and an admin; returns
    [(username, token, contributor id)] and the admin."""
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from distinguished.people.models import Contributor, User

    with transaction.atomic():
        admin = User.objects.create_superuser("rush-admin", "rush-admin@example.org", None)
        people = Contributor.objects.bulk_create(
            Contributor(kind="person", name=f"Rush Nominee {i:04d}", email=f"rush{i:04d}@example.org")
            for i in range(count + late)
        )
        users = User.objects.bulk_create(
            User(
                username=f"rush{i:04d}",
                email=person.email,
                name=person.name,
                contributor=person,
                password="!",  # unusable: the script signs in with its token
            )
            for i, person in enumerate(people)
        )
        tokens = Token.objects.bulk_create(Token(user=user, key=Token.generate_key()) for user in users)
    return [(u.username, t.key, u.contributor_id) for u, t in zip(users, tokens, strict=True)], admin


def make_cycle(admin, close: dt.date):
    from distinguished.program import api as program

    day = dt.timedelta(days=1)
    return program.create_cycle(
        actor=admin,
        slug=SLUG,
        name="Deadline rush cohort",
        nominations_open=close - 30 * day,
        nominations_close=close,
        screening_due=close + 14 * day,
        review_due=close + 35 * day,
        deliberation_due=close + 49 * day,
        approval_due=close + 59 * day,
        announcement_date=close + 73 * day,
    )


# --- The server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    env: dict,
    port: int,
    workers: int,
    log: Path,
    *,
    app: str = "bench.rush:wsgi()",
    options: tuple[str, ...] = ("--backlog", "2048", "--timeout", "120"),
) -> subprocess.Popen:
    """gunicorn serving `app` on `port`, once it answers the trivial view (bench/scale.py serves
    bench.directory's entry point through this too)."""
    command = [sys.executable, "-m", "gunicorn", app, "--chdir", str(ROOT)]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync"]
    command += [*options, "--no-control-socket"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            status, _, _ = asyncio.run(call(port, "GET", "/bench/trivial/"))
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The client ---------------------------------------------------------------------------------


async def call(
    port: int, method: str, path: str, token: str = "", body=None
) -> tuple[int, dict | None, float]:
    """One request on its own connection (HTTP/1.0: gunicorn's sync workers answer and close):
    (status, JSON body or None, seconds). Status 0: the connection failed."""
    started = time.perf_counter()
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n"
    if token:
        head += f"Authorization: Token {token}\r\n"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head.encode() + data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=300)
        writer.close()
    except (TimeoutError, OSError):
        return 0, None, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    status = int(raw.split(b" ", 2)[1])
    payload = raw.partition(b"\r\n\r\n")[2]
    try:
        parsed = json.loads(payload) if payload[:1] in (b"{", b"[") else None
    except ValueError:
        parsed = None
    return status, parsed, elapsed


def nomination_body(index: int, contributor: int, tracks: list[str], kind: str, today: dt.date) -> dict:
    evidence = [
        {
            "kind": kind,
            "date": (today - dt.timedelta(days=30 + n)).isoformat(),
            "title": f"Rush evidence {n} of nominator {index}",
            "url": f"https://github.com/openedx/rush/pull/{index * 10 + n}",
        }
        for n in range(2)
    ]
    return {
        "cycle": SLUG,
        "track": tracks[index % len(tracks)],
        "nominee": contributor,
        "statement": f"Nominator {index} nominates themselves: reviews, fixes and mentoring. " * 4,
        "evidence": evidence,
        "list_publicly": True,
    }


async def nominator(port, index, who, body, double: bool, record: list) -> dict:
    """Create then submit; `double` sends each request twice at once. Returns what happened:
    every answer as (operation, status, body), the time taken and when it finished."""
    _, token, _ = who
    started = time.perf_counter()
    copies = 2 if double else 1
    created = await asyncio.gather(
        *(call(port, "POST", "/api/v1/nominations/", token, body) for _ in range(copies))
    )
    answers = [("create", status, payload) for status, payload, _ in created]
    record.extend(("create", status, seconds) for status, _, seconds in created)
    ids = [payload["id"] for status, payload, _ in created if status == 201]
    if ids:
        path = f"/api/v1/nominations/{ids[0]}/submit/"
        submitted = await asyncio.gather(*(call(port, "POST", path, token) for _ in range(copies)))
        answers += [("submit", status, payload) for status, payload, _ in submitted]
        record.extend(("submit", status, seconds) for status, _, seconds in submitted)
    return {
        "index": index,
        "double": double,
        "answers": answers,
        "seconds": time.perf_counter() - started,
        "finished": time.time(),
    }


async def rush(port, nominators, bodies, args, late_bodies, deadline: float) -> dict:
    """Everyone at once; the latecomers create drafts now and submit after the close."""
    limit = asyncio.Semaphore(args.concurrency)
    record: list = []

    async def one(index):
        async with limit:
            return await nominator(
                port, index, nominators[index], bodies[index], index < args.doubles, record
            )

    async def latecomer(index):
        _, token, _ = nominators[index]
        async with limit:
            status, payload, _ = await call(port, "POST", "/api/v1/nominations/", token, late_bodies[index])
        await asyncio.sleep(max(0.0, deadline + 2 - time.time()))
        if status != 201:
            return {"create": status, "submit": None, "body": payload}
        answer = await call(port, "POST", f"/api/v1/nominations/{payload['id']}/submit/", token)
        return {"create": status, "submit": answer[0], "body": answer[1]}

    started = time.time()
    outcomes = await asyncio.gather(
        *(one(i) for i in range(args.count)), *(latecomer(i) for i in late_bodies)
    )
    wall = max(o["finished"] for o in outcomes[: args.count]) - started
    return {
        "outcomes": outcomes[: args.count],
        "late": outcomes[args.count :],
        "record": record,
        "wall": wall,
    }


async def trivial(port: int, requests: int, concurrency: int) -> tuple[list[float], Counter, float]:
    limit = asyncio.Semaphore(concurrency)

    async def one():
        async with limit:
            return await call(port, "GET", "/bench/trivial/")

    started = time.perf_counter()
    answers = await asyncio.gather(*(one() for _ in range(requests)))
    return (
        [s for _, _, s in answers],
        Counter(status for status, _, _ in answers),
        time.perf_counter() - started,
    )


# --- Checks and report --------------------------------------------------------------------------


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    if not values:
        return "-"
    p = lambda q: values[min(len(values) - 1, int(len(values) * q))] * 1000  # noqa: E731
    return f"p50 {p(0.5):7.0f} ms  p95 {p(0.95):7.0f} ms  max {values[-1] * 1000:7.0f} ms"


def closed(body) -> bool:
    """A refusal naming the closed window."""
    return isinstance(body, dict) and "closed" in " ".join(body.get("cycle", []))


def clean_refusal(operation: str, body) -> bool:
    """A 400 a doubled or late request may get: the window closed, the nominee already nominated
    (naming the existing nomination), or the nomination no longer a draft (naming its state)."""
    if closed(body):
        return True
    if operation == "create":
        return isinstance(body, dict) and bool(body.get("existing"))
    return isinstance(body, dict) and "submitted" in " ".join(body.get("state", []))


def classify(args, result) -> tuple[list[str], set[int], int]:
    """Each nominator's answers: accepted (one 201, one 200, any other answer a clean 400), late
    (no 200, refused naming the closed window), or a problem. Returns the problems, the indexes of
    the accepted nominators and the number of late ones."""
    problems, accepted, late = [], set(), 0
    statuses = Counter((operation, status) for operation, status, _ in result["record"])
    print("answers: " + ", ".join(f"{op} {status}: {n}" for (op, status), n in sorted(statuses.items())))
    if any(status >= 500 or status == 0 for _, status in statuses):
        problems.append("a 5xx or a failed connection")
    unexpected = []
    for outcome in result["outcomes"]:
        answers = outcome["answers"]
        count = Counter((op, status) for op, status, _ in answers)
        clean = all(
            status in (200, 201) or (status == 400 and clean_refusal(op, body))
            for op, status, body in answers
        )
        others = [body for _, status, body in answers if status == 400]
        if clean and count[("create", 201)] == 1 and count[("submit", 200)] == 1:
            accepted.add(outcome["index"])
        elif (
            clean and count[("create", 201)] <= 1 and not count[("submit", 200)] and any(map(closed, others))
        ):
            late += 1
        else:
            unexpected.append(outcome)
    for outcome in unexpected[:5]:
        print(
            f"  unexpected, nominator {outcome['index']}: {[(op, st, b) for op, st, b in outcome['answers']]}"
        )
    if unexpected:
        problems.append(f"{len(unexpected)} nominators got unexpected answers")
    doubled = [o for o in result["outcomes"] if o["double"] and o["index"] in accepted]
    refusals = sum(1 for o in doubled for _, status, _ in o["answers"] if status == 400)
    print(
        f"doubled requests: {len(doubled)} accepted nominators who sent each request twice got "
        f"{refusals} clean refusals ({2 * len(doubled)} expected: the existing nomination, the state)"
    )
    if refusals != 2 * len(doubled):
        problems.append(f"{refusals} refusals of doubled requests, {2 * len(doubled)} expected")
    in_time = Counter((o["create"], o["submit"]) for o in result["late"])
    refused = sum(1 for o in result["late"] if closed(o["body"]))
    print(
        f"latecomers (submit 2 s after the close): {dict(in_time)}; {refused} refused naming the closed window"
    )
    if refused != args.late:
        problems.append(f"{refused} of {args.late} late submissions refused naming the closed window")
    return problems, accepted, late


def check_database(args, nominators, accepted: set[int], created: int, deadline: dt.datetime) -> list[str]:
    """What the database holds after the rush: every accepted submission once, nothing else
    submitted, no nominee twice, one audit event per change, the evidence recorded once."""
    from django.db.models import Count

    from distinguished.audit.models import AuditEvent
    from distinguished.contributions.models import Contribution
    from distinguished.nominations.models import Nomination

    problems = []
    expected = {nominators[i][2] for i in accepted}
    rows = Nomination.objects.filter(cycle__slug=SLUG)
    submitted = set(rows.filter(state="submitted").values_list("nominee_id", flat=True))
    per_nominee = Counter(rows.values_list("nominee_id", flat=True))
    states = Counter(rows.values_list("state", flat=True))
    print(f"database: {sum(states.values())} nominations in the cycle ({dict(states)})")
    if submitted - expected:
        problems.append(f"{len(submitted - expected)} submitted nominations the nominator was not told of")
    if expected - submitted:
        problems.append(f"lost: {len(expected - submitted)} accepted submissions not in the database")
    if any(n > 1 for n in per_nominee.values()):
        problems.append(f"duplicates: {sum(n > 1 for n in per_nominee.values())} nominees nominated twice")
    if sum(states.values()) != created:
        problems.append(f"{sum(states.values())} nominations stored, {created} created (201)")
    if rows.filter(submitted__gte=deadline).exists():
        problems.append("a nomination was submitted after the close")
    verbs = dict(
        AuditEvent.objects.filter(verb__startswith="nomination.").values_list("verb").annotate(n=Count("id"))
    )
    want = {"nomination.created": created, "nomination.submitted": len(accepted)}
    print(f"audit: {verbs}")
    if {k: verbs.get(k, 0) for k in want} != want or set(verbs) - set(want):
        problems.append(f"audit events {verbs}, expected {want}")
    contributions = Contribution.objects.filter(source="nomination")
    twice = contributions.values("external_id").annotate(n=Count("id")).filter(n__gt=1).count()
    print(f"contributions recorded from evidence: {contributions.count()} ({twice} recorded twice)")
    if contributions.count() != 2 * len(accepted) or twice:
        problems.append(f"{contributions.count()} contributions from evidence, {2 * len(accepted)} expected")
    return problems


def report(args, result, accepted, late, base_wall, deadline, cpu) -> None:
    requests = [seconds for _, _, seconds in result["record"]]
    wall = result["wall"]
    last = max(o["finished"] for o in result["outcomes"])
    print(
        f"rush done in {wall:.1f} s, the last nominator {deadline.timestamp() - last:+.1f} s before the close: "
        f"{len(accepted)} submitted, {late} refused as late"
    )
    print(f"  per request ({len(requests)}): {len(requests) / wall:6.0f} req/s  {percentiles(requests)}")
    for operation in ("create", "submit"):
        print(f"  {operation:6} {percentiles([s for op, _, s in result['record'] if op == operation])}")
    single = [o["seconds"] for o in result["outcomes"] if not o["double"] and o["index"] in accepted]
    print(
        f"  per nominator, create + submit ({len(single)} accepted, one request each): {percentiles(single)}"
    )
    ratio = len(requests) / wall / (2 * args.count / base_wall)
    print(f"  {len(accepted) / wall:.1f} nominations/s; {ratio:.2f} of the trivial view's requests/s")
    print(
        f"  CPU during the rush: gunicorn {cpu[0]:.1f} s ({cpu[0] / len(requests) * 1000:.0f} ms a request), "
        f"this client {cpu[1]:.1f} s"
    )


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn's master and its workers (Linux /proc)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in [str(pid), *children]:
            fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine(server: str) -> str:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres") as connection:
        version = connection.execute("show server_version").fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, PostgreSQL {version}, {platform.system()} {platform.release()}"


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "--count",
        type=int,
        default=1000,
        help="nominators, each creating and submitting one nomination (1000)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=None, help="nominators acting at once (default: all of them)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--doubles", type=int, default=50, help="nominators who send each request twice at once (50)"
    )
    parser.add_argument(
        "--late", type=int, default=10, help="latecomers who submit just after the close (10)"
    )
    parser.add_argument(
        "--lead", type=float, default=60, help="seconds before the close at which the rush starts (60)"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="CONN_MAX_AGE of the server's connections (default: the production settings', 60)",
    )
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL (trust auth)"
    )
    args = parser.parse_args()
    args.concurrency = args.concurrency or args.count + args.late
    args.doubles = min(args.doubles, args.count)

    print(machine(args.server))
    print(f"load average before the run: {load_average()}")
    database = f"bench_rush_{os.getpid()}"
    server = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="bench-rush-") as name:
        folder = Path(name)
        port = free_port()
        env = environment(args, folder, database, port)
        admin_sql(args.server, f'CREATE DATABASE "{database}"')
        try:
            os.environ.update(env)
            sys.path.insert(0, str(ROOT))
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connections

            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("collectstatic", "--no-input", verbosity=0)
            from distinguished.program import api as program

            nominators, admin = build(args.count, args.late)
            tracks = [t.code for t in program.tracks_of(program.get_program()) if t.subject == "person"]
            kind = sorted(program.contribution_kind_codes())[0]
            print(
                f"setup: migrated, {args.count} nominators and {args.late} latecomers in {time.perf_counter() - started:.1f} s"
            )

            # The window closes `lead` seconds after the rush starts, 45 s from now for the server.
            deadline = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=45 + args.lead)
            offset, close = zone_for(deadline)
            write_zone(folder / "zones", offset)
            make_cycle(admin, close)
            today = (deadline + dt.timedelta(seconds=offset - 1)).date()
            bodies = [nomination_body(i, c, tracks, kind, today) for i, (_, _, c) in enumerate(nominators)]
            late_bodies = {i: bodies[i] for i in range(args.count, args.count + args.late)}
            connections.close_all()

            server = serve(env, port, args.workers, folder / "gunicorn.log")
            print(
                f"gunicorn: {args.workers} sync workers, production settings, CONN_MAX_AGE "
                f"{'as shipped (60)' if args.conn_max_age is None else args.conn_max_age}; "
                f"the window closes at local midnight of {close} in a zone at UTC{offset / 3600:+.4f} h = {deadline:%H:%M:%S} UTC"
            )
            warm = asyncio.run(trivial(port, 20, 4))
            assert warm[1] == Counter({200: 20}), warm[1]
            base, base_statuses, base_wall = asyncio.run(trivial(port, 2 * args.count, args.concurrency))
            print(
                f"trivial view (baseline), {2 * args.count} GETs at concurrency {args.concurrency}: "
                f"{2 * args.count / base_wall:6.0f} req/s  {percentiles(base)}  {dict(base_statuses)}"
            )
            wait = deadline.timestamp() - args.lead - time.time()
            if wait < 0:
                print(f"warning: the rush starts {-wait:.1f} s late")
            time.sleep(max(0.0, wait))
            before = load_average()
            print(
                f"rush: {args.count} nominators at once, {args.lead:g} s before the close; load average {before}"
            )
            cpu_before, client_before = server_cpu(server.pid), client_cpu()
            result = asyncio.run(rush(port, nominators, bodies, args, late_bodies, deadline.timestamp()))
            print(f"load average after the rush: {load_average()}")

            cpu = (server_cpu(server.pid) - cpu_before, client_cpu() - client_before)
            problems, accepted, late = classify(args, result)
            report(args, result, accepted, late, base_wall, deadline, cpu)
            created = sum(
                status == 201 for o in result["outcomes"] for op, status, _ in o["answers"] if op == "create"
            )
            created += sum(o["create"] == 201 for o in result["late"])
            problems += check_database(args, nominators, accepted, created, deadline)
            stop(server)
            log = (folder / "gunicorn.log").read_text(errors="replace")
            errors = [
                line
                for line in log.splitlines()
                if "Traceback" in line or "WORKER TIMEOUT" in line or "ERROR" in line
            ]
            print(f"server log: {len(errors)} errors")
            for line in errors[:10]:
                print(f"  {line}")
            problems += ["errors in the server log"] if errors else []
        finally:
            stop(server)
            try:
                from django.db import connections

                connections.close_all()
            except Exception:
                pass
            admin_sql(args.server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print(f"passed: {len(accepted)} submitted, none lost, none duplicated, no 5xx")
    if late:
        print(f"goal missed: {late} of {args.count} nominators were refused as late (the close came first)")
        return 2
    print(f"goal met: all {args.count} submitted in the last {args.lead:g} s of the window")
    return 0


if __name__ == "__main__":
    sys.exit(main())
