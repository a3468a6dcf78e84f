"""Which messages of a Slack export are answers: a threaded reply to someone else's question, by a
person (not a bot), counted once.

- A reply is a message whose `thread_ts` names another message (its thread's first message, the
  question). A message that starts a thread or stands alone is not an answer.
- Bots do not answer: `bot_message`, a message with a `bot_id`, a member marked `is_bot`, Slackbot.
- Channel joins, topic changes and every other system subtype are not messages anyone wrote;
  `thread_broadcast` (a reply also sent to the channel) and `file_share` (a reply with a file) are.
- An edited message counts once: an export may carry it again (a `message_changed` event with the
  new text and the same `ts`); only its first appearance counts. A deleted one does not count.
- Replying in one's own thread (a follow-up to one's own question) is not an answer.

The question's author comes from the reply's `parent_user_id` (Slack writes it on replies) or from
the thread's first message found anywhere in the export (a first pass reads them all: a thread
often spans days). A reply whose question is in neither is not counted, and the summary says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from .slack_export import Channel, SlackExport

COUNTED_SUBTYPES = {None, "", "thread_broadcast", "file_share"}
SLACKBOT = "USLACKBOT"
SNIPPET = 90
NOT_COUNTED = {
    "bot": gettext_lazy("sent by a bot"),
    "system": gettext_lazy("joins, topic changes and other system messages"),
    "not_a_reply": gettext_lazy("not a reply in a thread"),
    "own_thread": gettext_lazy("replies in the author's own thread"),
    "edited": gettext_lazy("another copy of an edited message (counted once)"),
    "deleted": pgettext_lazy("Slack message", "deleted"),
    "question_not_in_export": gettext_lazy("replies to a question the export does not hold"),
}
MARKUP_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
MARKUP_MENTION = re.compile(r"<[@#!]([^|>]+)(?:\|([^>]+))?>")
MARKUP_BARE = re.compile(r"<(https?://[^>]+)>")


@dataclass(frozen=True)
class Answer:
    external_id: str
    author: str  # the Slack member ID of who answered
    date: dt.date
    title: str
    url: str


@dataclass
class Threads:
    """What the first pass learns from the whole export."""

    # (channel id, thread ts) → (the question's author, the start of its text)
    questions: dict = field(default_factory=dict)
    # (channel id, ts) of every reply → the index of the day file it first appears in
    first_seen: dict = field(default_factory=dict)
    deleted: set = field(default_factory=set)


def _version(raw: dict) -> dict:
    """The message itself: an edit event carries the edited message inside."""
    if raw.get("subtype") == "message_changed" and isinstance(raw.get("message"), dict):
        return raw["message"]
    return raw


def _is_reply(message: dict) -> bool:
    thread, ts = message.get("thread_ts"), message.get("ts")
    return isinstance(thread, str) and isinstance(ts, str) and thread != ts


def read_threads(export: SlackExport) -> Threads:
    """The first pass: questions, where each reply first appears, what was deleted."""
    threads = Threads()
    for index, (channel, name) in enumerate(export.day_files):
        for raw in export.messages(name):
            if raw.get("subtype") == "message_deleted":
                threads.deleted.add((channel.id, raw.get("deleted_ts")))
                continue
            message = _version(raw)
            ts = message.get("ts")
            if not isinstance(ts, str):
                continue
            if _is_reply(message):
                threads.first_seen.setdefault((channel.id, ts), index)
            elif message.get("thread_ts") == ts or message.get("reply_count"):
                threads.questions.setdefault(
                    (channel.id, ts), (message.get("user"), message.get("text") or "")
                )
    return threads


def plain(text: str, users: dict) -> str:
    """Slack's markup as a person reads it: mentions by name, links by their label."""
    text = MARKUP_LINK.sub(r"\2", text or "")
    text = MARKUP_BARE.sub(r"\1", text)

    def mention(match):
        target, label = match[1], match[2]
        user = users.get(target) or {}
        name = label or user.get("real_name") or user.get("name") or target
        return f"@{name}"

    return " ".join(MARKUP_MENTION.sub(mention, text).split())


def day_of(ts: str) -> dt.date:
    moment = dt.datetime.fromtimestamp(float(ts), tz=dt.UTC)
    return timezone.localtime(moment).date()


def permalink(workspace_url: str, channel: Channel, ts: str, thread_ts: str) -> str:
    """Slack's own link to a reply in its thread."""
    if not workspace_url:
        return ""
    return (
        f"{workspace_url}/archives/{channel.id}/p{ts.replace('.', '')}?thread_ts={thread_ts}&cid={channel.id}"
    )


class AnswerFinder:
    """The second pass, one day file at a time: the answers in it, and why the other messages do
    not count (`not_counted`, by reason)."""

    def __init__(self, export: SlackExport, threads: Threads, workspace_url: str = ""):
        self.export = export
        self.threads = threads
        self.workspace_url = workspace_url.rstrip("/")
        self.bots = {uid for uid, user in export.users.items() if user.get("is_bot")} | {SLACKBOT}
        self.not_counted: Counter = Counter()

    def answers_in(self, index: int, channel: Channel, name: str) -> list[Answer]:
        found = []
        seen_here = set()
        for raw in self.export.messages(name):
            reason = self._reason(raw, index, channel, seen_here)
            if reason:
                self.not_counted[reason] += 1
                continue
            message = _version(raw)
            ts, thread_ts = message["ts"], message["thread_ts"]
            question = self.threads.questions.get((channel.id, thread_ts), (None, ""))[1]
            about = plain(question, self.export.users)
            title = f"Slack answer in #{channel.name}" + (f": {about[:SNIPPET]}" if about else "")
            found.append(
                Answer(
                    external_id=f"slack:{channel.id}:{ts}",
                    author=message["user"],
                    date=day_of(ts),
                    title=title[:300],
                    url=permalink(self.workspace_url, channel, ts, thread_ts),
                )
            )
        return found

    def _reason(self, raw: dict, index: int, channel: Channel, seen_here: set) -> str:
        """Why a message is not an answer ("" when it is one)."""
        if raw.get("subtype") == "message_deleted":
            return "system"
        message = _version(raw)
        reason = self._sender_reason(message)
        if reason:
            return reason
        if not _is_reply(message):
            return "not_a_reply"
        key = (channel.id, message["ts"])
        if key in self.threads.deleted:
            return "deleted"
        if self.threads.first_seen.get(key, index) != index or key in seen_here:
            return "edited"
        seen_here.add(key)
        try:
            day_of(message["ts"])
        except (ValueError, OverflowError, OSError):
            return "system"
        return self._thread_reason(message, channel)

    def _sender_reason(self, message: dict) -> str:
        """ "bot" for a bot's message, "system" for one that is no person's text ("" otherwise)."""
        user, ts = message.get("user"), message.get("ts")
        if message.get("subtype") == "bot_message" or message.get("bot_id") or user in self.bots:
            return "bot"
        if (
            message.get("subtype") not in COUNTED_SUBTYPES
            or not isinstance(user, str)
            or not isinstance(ts, str)
        ):
            return "system"
        return ""

    def _thread_reason(self, message: dict, channel: Channel) -> str:
        """Why a reply does not answer someone else's question in the export ("" when it does)."""
        asker = (
            message.get("parent_user_id")
            or self.threads.questions.get((channel.id, message["thread_ts"]), (None,))[0]
        )
        if not asker:
            return "question_not_in_export"
        if asker == message["user"]:
            return "own_thread"
        return ""
