"""Slack workspace exports built in a test: the zip Slack's "Export data" gives (users.json,
channels.json, a folder per channel of per-day JSON files), with threads, edits, bots, system
messages and people the program does not know."""

import datetime as dt
import io
import json
import zipfile

# Noon UTC on 1 June 2025, so that a day in Slack is the same day in the program's time zone.
T0 = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC).timestamp()
DAY = 86400


def ts(day: int, second: int) -> str:
    """A Slack timestamp: seconds since the epoch with a six-digit suffix."""
    return f"{int(T0 + day * DAY + second)}.{second:06d}"


def day_name(day: int) -> str:
    return (dt.date(2025, 6, 1) + dt.timedelta(days=day)).isoformat()


def user(uid, name, email="", **extra):
    return {
        "id": uid,
        "name": name.lower().split()[0],
        "real_name": name,
        "profile": {"email": email},
        **extra,
    }


def message(author, stamp, text="", thread=None, **extra):
    body = {"type": "message", "user": author, "text": text, "ts": stamp, **extra}
    if thread:
        body["thread_ts"] = thread
    return body


def build_zip(files: dict[str, object], *, prefix: str = "") -> bytes:
    """A zip of these files: JSON values are dumped, bytes written as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in files.items():
            data = value if isinstance(value, bytes) else json.dumps(value).encode()
            archive.writestr(prefix + name, data)
    return buffer.getvalue()


def slack_export(users, channels, *, days=None, extra=None, prefix="") -> bytes:
    """`channels`: [(id, name)]; `days`: {(channel name, day number): [messages]}."""
    files = {
        "users.json": users,
        "channels.json": [{"id": cid, "name": name, "created": int(T0)} for cid, name in channels],
    }
    for (name, day), messages in (days or {}).items():
        files[f"{name}/{day_name(day)}.json"] = messages
    files.update(extra or {})
    return build_zip(files, prefix=prefix)


QUESTION_ALAN = ts(0, 100)
QUESTION_GRACE = ts(0, 200)
QUESTION_ADA = ts(1, 300)
ADA_REPLY = ts(0, 110)
GRACE_DELETED = ts(0, 130)


def workspace() -> bytes:
    """One workspace, two public channels, a private folder, and every case the importer must tell
    apart. Counted answers: Ada's reply to Alan and her reply (a day later, without
    parent_user_id) to Grace; Grace's reply to Alan and her reply in #random to Ada; Alan's reply to
    Grace (Alan is not a contributor: unmatched); a reply by U0GHOST, who is not in users.json."""
    users = [
        user("U0ADA", "Ada Lovelace", "ada@example.org"),
        user("U0GRACE", "Grace Hopper", "grace.h@slack-mail.example"),
        user("U0ALAN", "Alan Turing", "alan@example.org"),
        user("B0BOT", "Helper Bot", is_bot=True),
    ]
    general = [
        message(
            "U0ALAN",
            QUESTION_ALAN,
            "How do I run <https://docs.openedx.org|the docs> locally?",
            QUESTION_ALAN,
            reply_count=4,
        ),
        message("U0ADA", ADA_REPLY, "Use tutor dev", QUESTION_ALAN, parent_user_id="U0ALAN"),
        message(
            "U0GRACE",
            ts(0, 120),
            "Or make docs",
            QUESTION_ALAN,
            parent_user_id="U0ALAN",
            subtype="thread_broadcast",
        ),
        message("U0GRACE", GRACE_DELETED, "oops", QUESTION_ALAN, parent_user_id="U0ALAN"),
        message("U0ALAN", ts(0, 140), "Thanks, it works", QUESTION_ALAN, parent_user_id="U0ALAN"),
        message("B0BOT", ts(0, 150), "Did this answer your question?", QUESTION_ALAN, bot_id="B0BOT"),
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B1",
            "text": "Deploy done",
            "ts": ts(0, 160),
        },
        message("U0ADA", ts(0, 170), "<@U0ADA> has joined the channel", subtype="channel_join"),
        message("U0GRACE", QUESTION_GRACE, "Why is the LMS slow?", QUESTION_GRACE, reply_count=2),
        message("U0ADA", ts(0, 210), "Hello all, no thread"),
    ]
    general_next_day = [
        # An edit, exported again with the same ts: counted once.
        {
            "type": "message",
            "subtype": "message_changed",
            "ts": ts(1, 5),
            "message": message(
                "U0ADA",
                ADA_REPLY,
                "Use tutor dev (edited)",
                QUESTION_ALAN,
                parent_user_id="U0ALAN",
                edited={"user": "U0ADA", "ts": ts(1, 5)},
            ),
        },
        {"type": "message", "subtype": "message_deleted", "ts": ts(1, 6), "deleted_ts": GRACE_DELETED},
        # Replies to Grace's question of the day before, without parent_user_id.
        message("U0ADA", ts(1, 220), "Check the cache settings", QUESTION_GRACE),
        message("U0ALAN", ts(1, 230), "Profile it", QUESTION_GRACE),
        message("U0GHOST", ts(1, 240), "Have you tried turning it off?", QUESTION_GRACE),
        message("U0GRACE", ts(1, 250), "Thanks both", QUESTION_GRACE),
        # A reply to a question the export does not hold.
        message("U0ADA", ts(1, 260), "Late answer", ts(-30, 1)),
    ]
    random = [
        message("U0ADA", QUESTION_ADA, "Anyone at the conference?", QUESTION_ADA, reply_count=1),
        message("U0GRACE", ts(1, 310), "Yes, in Paris", QUESTION_ADA, parent_user_id="U0ADA"),
    ]
    return slack_export(
        users,
        [("C0GENERAL", "general"), ("C0RANDOM", "random")],
        days={("general", 0): general, ("general", 1): general_next_day, ("random", 1): random},
        extra={
            "secret-team/2025-06-01.json": [message("U0ADA", ts(0, 900), "private", ts(0, 899))],
            "integration_logs.json": [],
        },
    )
