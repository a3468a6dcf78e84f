"""Reading a standard Slack workspace export (a zip): `users.json`, `channels.json`, and a folder per
public channel holding one JSON file per day (`general/2024-03-05.json`, a list of messages).

    export = SlackExport.open(content)    # ValidationError {"file": [why]} for an export it cannot read
    export.users, export.channels         # {id: user}, [channel] as Slack wrote them
    export.day_files                      # [(channel, "general/2024-03-05.json")], in a stable order
    export.messages(name)                 # the messages of one day file

`SlackExport.open` checks the whole export before anything is written: a zip (not something else),
no more than SLACK_EXPORT_MAX_UNPACKED_BYTES unpacked and no member that unpacks two hundred times
larger than it is packed (a zip bomb), no name that climbs out of the export (`../`, an absolute
path, a drive letter), `users.json` and `channels.json` present, and every file it reads valid
JSON of the expected shape. Nothing is ever extracted to disk: members are read into memory, one
at a time, never past their declared size. The export may sit in one top folder (a re-zipped
download). Folders of channels that `channels.json` does not name (private channels, direct
messages) are not read.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from distinguished.core.uploads import describe_size

DAY_FILE = re.compile(r"(?P<folder>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json\Z")
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # unpacked / packed, for members over a megabyte (JSON packs about 10 to 1)
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MB = 1024 * 1024


def refused(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or re.match(r"[A-Za-z]:", name) is not None
        or any(part == ".." for part in parts)
    )


def _zip_archive(content: bytes) -> zipfile.ZipFile:
    """The zip archive in `content`; refused when it is not one."""
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise refused(
            _("The file is not a zip archive. Upload the .zip that Slack's “Export data” gives, as it is.")
        ) from None


def _check_member(info: zipfile.ZipInfo) -> None:
    """Refuse a member that names a file outside the export, is encrypted, or is a zip bomb (too large,
    or unpacking far larger than it is packed)."""
    if _unsafe(info.filename):
        raise refused(
            _(
                "The archive names a file outside itself (“%(name)s”): "
                "it is not a Slack export, and nothing was imported."
            )
            % {"name": info.filename[:100]}
        )
    if info.flag_bits & 0x1:
        raise refused(_("The archive is encrypted; export from Slack again without a password."))
    ratio_too_high = info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    if ratio_too_high or info.file_size > MAX_MEMBER_BYTES:
        raise refused(
            _(
                "“%(name)s” would unpack to %(size)s from %(compressed)s: the archive looks like a zip "
                "bomb, and nothing was imported."
            )
            % {
                "name": info.filename[:100],
                "size": describe_size(info.file_size),
                "compressed": describe_size(info.compress_size),
            }
        )


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive of too many members, with a member that is refused (`_check_member`), or that
    would unpack to more than SLACK_EXPORT_MAX_UNPACKED_BYTES."""
    if len(infos) > MAX_MEMBERS:
        raise refused(
            _("The archive holds %(files)s files; a Slack export may hold %(max)s.")
            % {"files": f"{len(infos):,}", "max": f"{MAX_MEMBERS:,}"}
        )
    limit = settings.SLACK_EXPORT_MAX_UNPACKED_BYTES
    unpacked = 0
    for info in infos:
        _check_member(info)
        unpacked += info.file_size
    if unpacked > limit:
        raise refused(
            _(
                "The archive would unpack to %(size)s; a Slack import may unpack to %(limit)s "
                "(SLACK_EXPORT_MAX_UNPACKED_BYTES). Export a shorter period."
            )
            % {"size": describe_size(unpacked), "limit": describe_size(limit)}
        )


@dataclass(frozen=True)
class Channel:
    id: str
    name: str


class SlackExport:
    def __init__(
        self, archive: zipfile.ZipFile, prefix: str, users: dict, channels: list[Channel], day_files
    ):
        self.archive = archive
        self.prefix = prefix
        self.users = users
        self.channels = channels
        self.day_files = day_files

    @property
    def ignored_folders(self) -> list[str]:
        """Folders of the export that no public channel names (private channels, direct messages)."""
        folders = {
            info.filename[len(self.prefix) :].split("/")[0]
            for info in self.archive.infolist()
            if "/" in info.filename[len(self.prefix) :]
        }
        return sorted(folders - {channel.name for channel in self.channels})

    # --- Opening and checking ------------------------------------------------------------------

    @classmethod
    def open(cls, content: bytes, *, check_messages: bool = True) -> SlackExport:
        """The export in `content`, checked (see the module); `check_messages` also reads every
        day file once, so that a broken one is found before anything is written."""
        archive = _zip_archive(content)
        _check_members(archive.infolist())
        prefix = cls._prefix(archive)
        export = cls(archive, prefix, {}, [], [])
        export.users = export._read_users()
        export.channels = export._read_channels()
        export.day_files = export._find_day_files()
        if check_messages:
            for _day, name in export.day_files:
                export.messages(name)
        return export

    @staticmethod
    def _prefix(archive: zipfile.ZipFile) -> str:
        names = set(archive.namelist())
        if "users.json" in names:
            return ""
        tops = {name.split("/")[0] for name in names if "/" in name}
        if len(tops) == 1:
            top = tops.pop()
            if f"{top}/users.json" in names:
                return f"{top}/"
        raise refused(
            _(
                "The archive has no users.json: it is not a Slack workspace export (users.json, "
                "channels.json and a folder per channel)."
            )
        )

    def _json(self, name: str, *, what: str):
        try:
            info = self.archive.getinfo(self.prefix + name)
        except KeyError:
            raise refused(
                _("The archive has no %(name)s: it is not a complete Slack workspace export.")
                % {"name": name}
            ) from None
        try:
            with self.archive.open(info) as member:
                raw = member.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
        ) as error:
            raise refused(
                _("%(name)s cannot be read from the archive (%(error)s).") % {"name": name, "error": error}
            ) from None
        if len(raw) > info.file_size:
            raise refused(
                _("%(name)s is larger than the archive says: nothing was imported.") % {"name": name}
            )
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except RecursionError:
            raise refused(
                _("%(name)s is nested too deeply to be part of a Slack export; %(what)s.")
                % {"name": name, "what": what}
            ) from None
        except ValueError as error:  # bad UTF-8, bad JSON, an integer of more than 4,300 digits
            raise refused(
                _("%(name)s is not valid JSON (%(error)s); %(what)s.")
                % {"name": name, "error": str(error)[:200], "what": what}
            ) from None

    def _read_users(self) -> dict:
        users = self._json("users.json", what=_("it should list the workspace's members"))
        if not isinstance(users, list) or not all(
            isinstance(u, dict) and isinstance(u.get("id"), str) for u in users
        ):
            raise refused(_("users.json should be a list of members, each with an “id”."))
        return {user["id"]: user for user in users}

    def _read_channels(self) -> list[Channel]:
        channels = self._json("channels.json", what=_("it should list the public channels"))
        if not isinstance(channels, list) or not all(
            isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("name"), str)
            for c in channels
        ):
            raise refused(_("channels.json should be a list of channels, each with an “id” and a “name”."))
        if any(len(c["id"]) > 64 or len(c["name"]) > 80 for c in channels):
            raise refused(_("channels.json names a channel with an id or a name longer than Slack allows."))
        return [Channel(id=c["id"], name=c["name"]) for c in channels]

    def _find_day_files(self) -> list[tuple[Channel, str]]:
        by_name = {channel.name: channel for channel in self.channels}
        found = []
        for info in self.archive.infolist():
            name = info.filename[len(self.prefix) :]
            match = DAY_FILE.match(name) if not info.is_dir() else None
            if match and match["folder"] in by_name:
                found.append((by_name[match["folder"]], name))
        # Channel by channel, day by day: a resumed import finds its place again.
        return sorted(found, key=lambda item: (item[0].name, item[1]))

    # --- Reading -----------------------------------------------------------------------------

    def messages(self, name: str) -> list[dict]:
        """The messages of one day file (a list of objects; ValidationError otherwise)."""
        messages = self._json(name, what=_("each day of a channel is a list of messages"))
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise refused(_("%(name)s should be a list of messages.") % {"name": name})
        for number, message in enumerate(messages, start=1):
            problem = _message_problem(message)
            if problem:
                raise refused(
                    _(
                        "Message %(number)s of %(name)s %(problem)s: this is not a Slack export as Slack writes it."
                    )
                    % {"number": number, "name": name, "problem": problem}
                )
        return messages


SLACK_TS = re.compile(r"^\d{1,10}(\.\d{1,6})?$")


def _message_problem(message: dict) -> str:
    """What is wrong with the fields the import reads, or "": each is checked before anything is
    written, so that a run never stops half-way on a message it cannot read."""
    for key in ("user", "ts", "thread_ts", "subtype", "text", "bot_id"):
        value = message.get(key)
        if value is not None and not isinstance(value, str):
            return _("has a “%(key)s” that is not text") % {"key": key}
    for key in ("ts", "thread_ts"):
        value = message.get(key)
        if value is not None and not SLACK_TS.match(value):
            return _("has a “%(key)s” that is not a Slack timestamp (seconds.microseconds)") % {"key": key}
    if len(message.get("user") or "") > 64:
        return _("names a user id longer than Slack's")
    return ""
