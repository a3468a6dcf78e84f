"""`distinguished demo-data`: a realistic program to click through. Idempotent.

Creates about forty contributors (people and partner organizations of both tiers), an account
for every role, and besides the 2025 cycle of the program definition a cycle whose nominations
are open today. Every write goes through the apps' `api.py`, as a person's would.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from distinguished.cohorts import api as cohorts
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import api as review

DEMO_PASSWORD = "open-edx-demo"

ORGANIZATIONS = [
    # name, tier, employees, country, github
    ("Lumen Learning Labs", "larger", 420, "US", "lumenlabs"),
    ("Aula Abierta", "larger", 260, "ES", "aula-abierta"),
    ("Kibo Digital Education", "larger", 180, "KE", "kibo-edu"),
    ("Northwind Courseware", "larger", 950, "GB", "northwind-courseware"),
    ("Tessera Open Learning", "smaller", 24, "DE", "tessera-ol"),
    ("Sakura EdTech", "smaller", 12, "JP", "sakura-edtech"),
    ("Piracema Cursos", "smaller", 9, "BR", "piracema"),
    ("Baobab Systems", "smaller", 31, "NG", "baobab-systems"),
]

PEOPLE = [
    # name, e-mail local part, github, forum, organization index or None, country
    ("Amara Okafor", "amara", "amaraokafor", "amara_o", 7, "NG"),
    ("Lucía Fernández", "lucia", "luciafdz", "lucia.f", 1, "ES"),
    ("Kenji Watanabe", "kenji", "kwatanabe", "kenji", 5, "JP"),
    ("Priya Raman", "priya", "priyaraman", "priya_r", 0, "IN"),
    ("Jonas Becker", "jonas", "jbecker-dev", "jonasb", 4, "DE"),
    ("Fatima Zahra El Idrissi", "fatima", "fzelidrissi", "fatimaz", None, "MA"),
    ("Mateus Oliveira", "mateus", "mateusoliv", "mateus", 6, "BR"),
    ("Grace Wanjiru", "grace", "gwanjiru", "grace.w", 2, "KE"),
    ("Oliver Bennett", "oliver", "obennett", "oliver_b", 3, "GB"),
    ("Sofia Rossi", "sofia", "sofiarossi", "sofia.r", None, "IT"),
    ("Daniel Kim", "daniel", "dkim-oss", "danielk", 0, "US"),
    ("Aisha Mohammed", "aisha", "aisha-m", "aisha", 7, "NG"),
    ("Carlos Mendoza", "carlos", "cmendoza", "carlos.m", 1, "MX"),
    ("Elena Petrova", "elena", "epetrova", "elena_p", None, "BG"),
    ("Thomas Laurent", "thomas", "tlaurent", "thomasl", 3, "FR"),
    ("Mei Lin", "mei", "meilin-edu", "mei.lin", 5, "TW"),
    ("Rahul Verma", "rahul", "rverma", "rahul_v", 0, "IN"),
    ("Ngozi Adeyemi", "ngozi", "nadeyemi", "ngozi", 7, "NG"),
    ("Hannah Schmidt", "hannah", "hschmidt", "hannah.s", 4, "DE"),
    ("Diego Castro", "diego", "dcastro", "diegoc", 6, "BR"),
    ("Yuki Tanaka", "yuki", "ytanaka", "yuki_t", 5, "JP"),
    ("Samuel Mwangi", "samuel", "smwangi", "samuel.m", 2, "KE"),
    ("Chloé Dubois", "chloe", "cdubois", "chloe_d", None, "FR"),
    ("Ahmed Hassan", "ahmed", "ahassan", "ahmed.h", None, "EG"),
    ("Laura Martínez", "laura", "lmartinez", "laura_m", 1, "AR"),
    ("Ben Carter", "ben", "bcarter", "benc", 3, "US"),
    ("Ines Silva", "ines", "isilva", "ines.s", 6, "PT"),
    ("Viktor Novak", "viktor", "vnovak", "viktor", None, "CZ"),
    ("Zanele Dlamini", "zanele", "zdlamini", "zanele_d", None, "ZA"),
    ("Arjun Nair", "arjun", "anair", "arjun.n", 0, "IN"),
    ("Emily Johnson", "emily", "ejohnson", "emily_j", 3, "CA"),
    ("Tomás Herrera", "tomas", "therrera", "tomas.h", 1, "CL"),
]

# username, name, roles, e-mail local part of the contributor profile (or None)
ACCOUNTS = [
    ("admin", "Program Admin", ["admin"], None),
    ("chair", "Elena Petrova", ["chair", "panelist"], "elena"),
    ("approver", "Axim Approver", ["approver"], None),
    ("panelist", "Oliver Bennett", ["panelist"], "oliver"),
    ("panelist2", "Priya Raman", ["panelist"], "priya"),
    ("panelist3", "Jonas Becker", ["panelist"], "jonas"),
    ("panelist4", "Grace Wanjiru", ["panelist"], "grace"),
    ("panelist5", "Thomas Laurent", ["panelist"], "thomas"),
    ("panelist6", "Sofia Rossi", ["panelist"], "sofia"),
    ("panelist7", "Daniel Kim", ["panelist"], "daniel"),
    ("panelist8", "Hannah Schmidt", ["panelist"], "hannah"),
    ("panelist9", "Ben Carter", ["panelist"], "ben"),
    ("member", "Amara Okafor", [], "amara"),
    ("member2", "Mateus Oliveira", [], "mateus"),
    ("member3", "Lucía Fernández", [], "lucia"),
    ("member4", "Kenji Watanabe", [], "kenji"),
]


# The first cohort, recognized at the Open edX Conference in Paris on 1 July 2025: recorded as
# earlier terms, as an admin would after installing. Contributor (e-mail local part or
# organization name), track code.
FIRST_COHORT = [
    ("lucia", "engineer"),
    ("kenji", "engineer"),
    ("fatima", "engineer"),
    ("chloe", "advocate"),
    ("zanele", "advocate"),
    ("mei", "innovator"),
    ("viktor", "innovator"),
    ("Northwind Courseware", "partner"),
    ("Sakura EdTech", "partner"),
]
FIRST_COHORT_START = dt.date(2025, 7, 1)


def _email(local: str) -> str:
    return f"{local}@example.org"


class Command(BaseCommand):
    help = "Load demo contributors, accounts for every role and an open cycle (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")
        parser.add_argument("--quiet", action="store_true", help="do not print the accounts")

    def handle(self, *args, force=False, quiet=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has well-known passwords; refusing with DEBUG off (use --force).")
        if program.program_settings() is None:
            raise CommandError("No program is loaded; run `distinguished migrate` first.")
        with transaction.atomic(), notifications.muted():
            admin = people.bootstrap_admin(
                username="admin", email=_email("admin"), password=DEMO_PASSWORD, name="Program Admin"
            )
            created = self._contributors(admin) + self._accounts(admin) + self._open_cycle(admin)
            created += self._nominations()
            created += self._panel(admin)
            created += self._first_cohort(admin)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new records)."))
        if not quiet:
            self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
            for username, name, roles, _ in ACCOUNTS:
                self.stdout.write(f"  {username:<11} {name:<17} {', '.join(roles) or 'community member'}")

    def _contributors(self, admin) -> int:
        created = 0
        orgs = []
        for name, tier, employees, country, github in ORGANIZATIONS:
            org = people.find_contributor(name=name)
            if org is None:
                org = people.create_contributor(
                    actor=admin,
                    kind="organization",
                    name=name,
                    email=_email(github),
                    github=github,
                    size_tier=tier,
                    employees=employees,
                    country=country,
                    website=f"https://{github}.example.org",
                    listed_publicly=True,
                )
                created += 1
            orgs.append(org)
        for index, (name, local, github, forum, org_index, country) in enumerate(PEOPLE):
            if people.find_contributor(email=_email(local)) is None:
                people.create_contributor(
                    actor=admin,
                    kind="person",
                    name=name,
                    email=_email(local),
                    github=github,
                    forum=forum,
                    organization=orgs[org_index] if org_index is not None else None,
                    country=country,
                    listed_publicly=index % 5 != 4,
                )
                created += 1
        return created

    def _accounts(self, admin) -> int:
        created = 0
        for username, name, roles, local in ACCOUNTS:
            if username == "admin":
                continue
            if people.find_user(username) is None:
                contributor = people.find_contributor(email=_email(local)) if local else None
                people.create_user(
                    actor=admin,
                    username=username,
                    email=_email(username) if local is None else _email(local),
                    password=DEMO_PASSWORD,
                    name=name,
                    roles=roles,
                    contributor=contributor,
                )
                created += 1
        return created

    def _open_cycle(self, admin) -> int:
        """A cycle whose nominations are open today, so every page has something to show."""
        today = timezone.localdate()
        opens = today - dt.timedelta(days=14)
        closes = today + dt.timedelta(days=45)
        announcement = closes + dt.timedelta(days=110)
        slug = str(announcement.year)
        try:
            program.get_cycle(slug)
            return 0
        except program.CycleNotFound:
            pass
        program.create_cycle(
            actor=admin,
            slug=slug,
            name=f"{slug} cohort",
            nominations_open=opens,
            nominations_close=closes,
            screening_due=closes + dt.timedelta(days=14),
            review_due=closes + dt.timedelta(days=42),
            deliberation_due=closes + dt.timedelta(days=63),
            approval_due=closes + dt.timedelta(days=77),
            announcement_date=announcement,
            announcement_event="Open edX Conference",
        )
        return 1

    def _nominations(self) -> int:
        """A few nominations of the open cycle in different states."""
        cycle = program.current_cycle()
        if cycle is None or cycle.phase != program.Phase.NOMINATIONS_OPEN:
            return 0
        if nominations.nominations_for(people.find_user("admin"), cycle=cycle.slug).exists():
            return 0
        member, member2, member3, member4 = (
            people.find_user(name) for name in ("member", "member2", "member3", "member4")
        )
        today = timezone.localdate()
        amara = nominations.nominate(
            actor=member,
            cycle=cycle,
            track=program.get_track("engineer"),
            nominee=member.contributor,
            statement=(
                "I maintain the **Learning MFE** course outline and led its move to the new sidebar.\n\n"
                "- 14 major pull requests merged in edx-platform and frontend-app-learning\n"
                "- I answer build and Tutor questions on the forum every week"
            ),
            evidence=[
                {
                    "kind": "pull_request",
                    "date": today - dt.timedelta(days=400),
                    "title": "Course outline sidebar",
                    "url": "https://github.com/openedx/frontend-app-learning/pull/1201",
                },
                {
                    "kind": "blog_post",
                    "date": today - dt.timedelta(days=60),
                    "title": "Tuning Tutor for large courses",
                    "url": "https://blog.example.org/tutor-large-courses",
                },
            ],
            # A self-nominee answers "If selected, list me in the public directory" when nominating.
            list_publicly=True,
        )
        # The nominator invites two members, who open their links and endorse.
        nominations.request_endorsements(
            actor=member, nomination=amara, emails=[member3.email, member4.email]
        )
        for endorser in (member3, member4):
            nominations.accept_invitation(
                actor=endorser,
                nomination=amara,
                token=nominations.invitation_token(amara, "endorse", endorser.email),
            )
            nominations.endorse(
                actor=endorser,
                nomination=amara,
                relationship="Reviewed each other's pull requests",
                statement="Amara's reviews made the outline work land safely; she mentors every newcomer who asks.",
            )
        nominations.submit_nomination(actor=member, nomination=amara)
        nominations.nominate(
            actor=member2,
            cycle=cycle,
            track=program.get_track("advocate"),
            nominee=people.find_contributor(email=_email("grace")),
            statement="Grace ran eight Open edX workshops in East Africa this year and trained 40 instructors.",
            evidence=[
                {
                    "kind": "talk",
                    "date": today - dt.timedelta(days=30),
                    "title": "Open edX in Nairobi",
                    "url": "https://events.example.org/nairobi-2026",
                }
            ],
        )
        nominations.nominate(
            actor=member3,
            cycle=cycle,
            track=program.get_track("partner"),
            nominee=people.find_contributor(name="Tessera Open Learning"),
            statement="Tessera funds the translation working group and hosts the community sandbox.",
        )
        return 3

    # username, stakeholder group, chair, preferred tracks
    PANEL = [
        ("chair", "community_leaders", True, ["engineer", "advocate"]),
        ("panelist", "toc", False, ["engineer"]),
        ("panelist2", "axim", False, ["partner", "innovator"]),
        ("panelist3", "axim", False, ["advocate"]),
        ("panelist4", "core_contributors", False, ["engineer"]),
        ("panelist5", "core_contributors", False, ["innovator"]),
        ("panelist6", "partners", False, ["partner"]),
        ("panelist7", "partners", False, ["engineer", "partner"]),
        ("panelist8", "community_leaders", False, ["advocate"]),
        ("panelist9", "bizdev", False, ["partner", "advocate"]),
    ]

    def _panel(self, admin) -> int:
        """Seat a valid panel (every group within its range, a chair) on the open cycle."""
        cycle = program.current_cycle()
        if cycle is None or review.seats_of(cycle).exists():
            return 0
        for username, group, chair, tracks in self.PANEL:
            review.seat_panelist(
                actor=admin,
                cycle=cycle,
                user=people.find_user(username),
                group=group,
                chair=chair,
                tracks=tracks,
            )
        return len(self.PANEL)

    def _first_cohort(self, admin) -> int:
        """The 2025 cohort's terms, so that the directory and the lifetime rule are right from day
        one, and the announcement published from them."""
        created = 0
        cycle = program.get_cycle("2025")
        for who, track_code in FIRST_COHORT:
            if " " in who:
                contributor = people.find_contributor(name=who)
            else:
                contributor = people.find_contributor(email=_email(who))
            if contributor is None or membership.active_membership(
                contributor.pk, track_code, on=FIRST_COHORT_START
            ):
                continue
            membership.record_term(
                actor=admin,
                contributor=contributor,
                track=program.get_track(track_code),
                start=FIRST_COHORT_START,
                cycle=cycle,
            )
            created += 1
        if cohorts.announcement_of(cycle) is None:
            # Its announcement page and feed entry, as an admin publishes them after recording.
            cohorts.announce_recorded_cohort(actor=admin, cycle=cycle)
            created += 1
        return created
