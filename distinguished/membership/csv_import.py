"""CSV import of earlier terms (program admins): `membership.api.import_terms_csv(actor=, file=)`.

Columns (header, any order): `contributor` (a contributor id, e-mail, GitHub login or forum
username), `track` (its code), `start` (YYYY-MM-DD) and optionally `renews` (`yes`: the term
renews the contributor's term on the track that ends the day before `start`, which may come from
an earlier row of the same file) and `cycle` (the slug of the cycle that recognized the member,
their cohort; a renewal without one keeps the cohort of the term it renews). Every term goes through the rules of `record_term`. All or
nothing: one transaction, and a file with any bad row writes nothing; each problem is reported as
"row 4, start: 2025-02-30 is not a date" (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distinguished.core.ids import as_id, is_id_text
from distinguished.core.uploads import check_upload_size
from distinguished.people import api as people
from distinguished.program import api as program

from .recording import create_term
from .terms import term_before, term_end

REQUIRED = ("contributor", "track", "start")
OPTIONAL = ("renews", "cycle")
COLUMNS = (*REQUIRED, *OPTIONAL)
MAX_ROWS = 10_000
YES = {"yes", "y", "true", "1"}
NO = {"", "no", "n", "false", "0"}
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# A term's problems under the column the person fixes them in.
COLUMN_OF = {
    "previous": "renews",
    "contributor": "contributor",
    "track": "track",
    "start": "start",
    "cycle": "cycle",
}


class ImportRefused(ValidationError):
    """Rows with problems: nothing was imported. `rows` lists {row, column, message, error}."""

    def __init__(self, rows: list[dict]):
        self.rows = rows
        super().__init__({"rows": [row["error"] for row in rows]})


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _columns_message(missing: list[str], unknown: list[str]) -> str:
    """What is wrong with the header, as one sentence."""
    values = {
        "required": ", ".join(REQUIRED),
        "optional": " and ".join(OPTIONAL),
        "missing": ", ".join(missing),
        "unknown": ", ".join(unknown),
    }
    if missing and unknown:
        message = ngettext(
            "The columns are %(required)s and optionally %(optional)s; the file lacks %(missing)s; "
            "unknown column %(unknown)s.",
            "The columns are %(required)s and optionally %(optional)s; the file lacks %(missing)s; "
            "unknown columns %(unknown)s.",
            len(unknown),
        )
    elif unknown:
        message = ngettext(
            "The columns are %(required)s and optionally %(optional)s; unknown column %(unknown)s.",
            "The columns are %(required)s and optionally %(optional)s; unknown columns %(unknown)s.",
            len(unknown),
        )
    else:
        message = _("The columns are %(required)s and optionally %(optional)s; the file lacks %(missing)s.")
    return message % values


def _text(file) -> str:
    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _file_error(_("The file is not UTF-8 text; save it as CSV (UTF-8).")) from None
    if not isinstance(data, str):
        raise _file_error(_("Give a CSV file."))
    data = data.removeprefix("\ufeff")
    if "\x00" in data:
        raise _file_error(_("The file is not text; upload a CSV file."))
    if not data.strip():
        raise _file_error(
            _("The file is empty; it needs the header “%(header)s” and a row per term.")
            % {"header": ",".join(COLUMNS)}
        )
    return data


def _rows(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        reader.fieldnames = _header(reader.fieldnames)
        rows = []
        for row in reader:
            rows.append(_row(row))
            if rows[-1] is not None and len(rows) > MAX_ROWS:
                raise _file_error(_("Import at most %(max)s terms per file.") % {"max": f"{MAX_ROWS:,}"})
    except csv.Error as error:
        raise _file_error(
            _("The file is not valid CSV (line %(line)s): %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None
    if not any(rows):
        raise _file_error(_("The file has a header but no term."))
    return rows


def _header(fieldnames) -> list[str]:
    """The header's column names, lower-cased; missing or unknown columns refuse the file."""
    header = [(name or "").strip().lower() for name in fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        raise _file_error(_columns_message(missing, unknown))
    return header


def _row(row: dict) -> dict | None:
    """A row's cells by column, stripped; None for a blank line (which keeps its number)."""
    if not any((value or "").strip() for key, value in row.items() if key is not None):
        return None
    return {name: (row.get(name) or "").strip() for name in COLUMNS}


def _contributors(values) -> dict[str, object]:
    """Each value of the contributor column → its contributor, or an error message."""
    ids = {value for value in values if is_id_text(value)}
    by_id = _by_id({value for value in ids if as_id(value) is not None})
    by_email = _by_email({value.lower() for value in values if "@" in value})
    by_handle = _by_handle({value.lower() for value in values if value not in ids and "@" not in value})
    return {value: _contributor_named(value, ids, by_id, by_email, by_handle) for value in values}


def _contributor_named(value: str, ids: set[str], by_id: dict, by_email: dict, by_handle: dict):
    """The contributor a cell names by id, e-mail, GitHub login or forum username, or why there
    is none."""
    if not value:
        return _("give the contributor's id, e-mail, GitHub login or forum username")
    if value in ids:
        return by_id.get(value) or _("no contributor has the id %(value)s") % {"value": value}
    if "@" in value:
        return by_email.get(value.lower()) or _("no contributor has the e-mail %(value)s") % {"value": value}
    return _named_by_handle(value, by_handle[value.lower()])


def _by_id(ids: set[str]) -> dict[str, object]:
    return {str(c.pk): c for c in people.contributors().filter(pk__in=ids)} if ids else {}


def _by_email(emails: set[str]) -> dict[str, object]:
    """Lower-cased e-mail → contributor, in one query."""
    if not emails:
        return {}
    matching = people.contributors().annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    return {c.email.lower(): c for c in matching}


def _by_handle(handles: set[str]) -> dict[str, list]:
    """Each lower-cased GitHub login or forum username → the contributors it names: none, one, or
    two when it is one contributor's GitHub login and another's forum username."""
    github = people.contributor_ids_by_handle("github", handles)
    forum = people.contributor_ids_by_handle("forum", handles)
    handle_ids = set(github.values()) | set(forum.values())
    by_pk = {c.pk: c for c in people.contributors().filter(pk__in=handle_ids)} if handle_ids else {}
    return {
        handle: [by_pk[pk] for pk in {github.get(handle), forum.get(handle)} - {None}] for handle in handles
    }


def _named_by_handle(value: str, matches: list):
    """The one contributor a GitHub login or forum username names, or why there is none."""
    if len(matches) > 1:
        return _(
            "%(value)s is one contributor's GitHub login and another's forum username; give an id or e-mail"
        ) % {"value": value}
    if matches:
        return matches[0]
    return _("no contributor has the GitHub login or forum username %(value)s") % {"value": value}


def import_terms_csv(*, actor, file) -> dict:
    """Record the terms of a CSV file, all or nothing → {"created": n, "memberships": [ids]};
    raises ImportRefused (row errors), UploadTooLarge (over IMPORT_MAX_BYTES, before the file is
    read) or ValidationError {"file": [...]} and writes nothing."""
    if not people.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins import memberships."))
    check_upload_size(file)
    created, errors = _import(actor, _rows(_text(file)))
    if errors:
        raise ImportRefused(errors)
    return {"created": len(created), "memberships": created}


def record_earlier_term(
    *, actor, contributor: str, track: str, start, renews: bool = False, cycle: str = ""
) -> int:
    """One earlier term, as a row of the import (the admin page's form): the contributor by id,
    e-mail, GitHub login or forum username; with `renews`, chained to the term ending the day
    before. Returns the new membership's id; raises ValidationError by field."""
    if not people.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins record memberships."))
    row = {
        "contributor": (contributor or "").strip(),
        "track": (track or "").strip(),
        "start": start.isoformat() if isinstance(start, dt.date) else (start or "").strip(),
        "renews": "yes" if renews else "",
        "cycle": (cycle or "").strip(),
    }
    created, errors = _import(actor, [row], origin="")
    if errors:
        found: dict[str, list[str]] = {}
        for error in errors:
            message = error["message"]
            found.setdefault(error["column"], []).append(message[:1].upper() + message[1:])
        raise ValidationError(found)
    return created[0]


def _import(
    actor, rows: list[dict | None], origin: str = "Imported from CSV"
) -> tuple[list[int], list[dict]]:
    """Record each row's term in one transaction → (new membership ids, errors); with any error,
    the transaction is rolled back and nothing is written."""
    run = _TermRows(rows)
    created = []
    with transaction.atomic():
        for index, row in enumerate(rows):
            if row is not None:
                membership = run.record(actor, index + 2, row, origin)
                if membership is not None:
                    created.append(membership.pk)
        if run.errors:
            transaction.set_rollback(True)
    return created, run.errors


class _TermRows:
    """One file's rows being recorded: what they name, read once, and the problems found so far."""

    def __init__(self, rows: list[dict | None]):
        self.loaded = program.get_program()
        self.tracks = {track.code: track for track in program.tracks_of(self.loaded)}
        self.contributors = _contributors({row["contributor"] for row in rows if row})
        slugs = {row["cycle"] for row in rows if row and row["cycle"]}
        self.cycles = (
            {cycle.slug: cycle for cycle in program.cycles().filter(slug__in=slugs)} if slugs else {}
        )
        self.errors: list[dict] = []
        # Terms of this file that were refused, by (contributor, track, start): a later row renewing
        # one of them points at the row to fix.
        self.refused_terms: dict[tuple, int] = {}

    def refuse(self, number: int, column: str, message: str) -> None:
        self.errors.append(
            {
                "row": number,
                "column": column,
                "message": message,
                "error": _("row %(row)s, %(column)s: %(message)s")
                % {"row": number, "column": column, "message": message},
            }
        )

    def record(self, actor, number: int, row: dict, origin: str):
        """The row's term recorded, or None with its problems noted."""
        before = len(self.errors)
        contributor, track, start, cycle, renews = self._read(number, row)
        if len(self.errors) > before:
            if not isinstance(contributor, str) and track is not None and start is not None:
                self.refused_terms[(contributor.pk, track.pk, start)] = number
            return None
        previous = None
        if renews in YES:
            previous = term_before(contributor, track, start)
            if previous is None:
                self._no_term_renewed(number, contributor, track, start)
                return None
        return self._create(actor, number, origin, contributor, track, start, cycle, previous)

    def _create(self, actor, number: int, origin: str, contributor, track, start, cycle, previous):
        """The row's term created (in the cycle of the term it renews when the row names none), or
        None with create_term's problems noted under the file's columns."""
        try:
            return create_term(
                actor=actor,
                contributor=contributor,
                track=track,
                start=start,
                previous=previous,
                cycle=cycle or (previous.cycle if previous is not None else None),
                reason=f"{origin}, row {number}." if origin else "",
                years=self.loaded.term_years,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.refuse(number, COLUMN_OF.get(field, field), message)
            self.refused_terms[(contributor.pk, track.pk, start)] = number
            return None

    def _read(self, number: int, row: dict):
        """(contributor, track, start, cycle, renews) as the row names them, each problem noted."""
        contributor = self.contributors[row["contributor"]]
        if isinstance(contributor, str):
            self.refuse(number, "contributor", contributor)
        track = self.tracks.get(row["track"].lower())
        if track is None:
            tracks = ", ".join(self.tracks)
            self.refuse(
                number,
                "track",
                _("unknown track “%(track)s”; the tracks are %(tracks)s")
                % {"track": row["track"], "tracks": tracks}
                if row["track"]
                else _("give the track's code (%(tracks)s)") % {"tracks": tracks},
            )
        start = self._start(number, row["start"])
        cycle = self.cycles.get(row["cycle"]) if row["cycle"] else None
        if row["cycle"] and cycle is None:
            self.refuse(number, "cycle", _("no cycle has the slug “%(slug)s”") % {"slug": row["cycle"]})
        renews = row["renews"].lower()
        if renews not in YES | NO:
            self.refuse(
                number,
                "renews",
                _("write yes when the term renews the one before, or leave it empty (not “%(value)s”)")
                % {"value": row["renews"]},
            )
        return contributor, track, start, cycle, renews

    def _start(self, number: int, value: str):
        if not DATE_SHAPE.match(value):
            self.refuse(
                number,
                "start",
                _("%(value)s is not a date; use YYYY-MM-DD") % {"value": value}
                if value
                else _("an empty cell is not a date; use YYYY-MM-DD"),
            )
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.refuse(number, "start", _("%(value)s is not a date") % {"value": value})
            return None

    def _no_term_renewed(self, number: int, contributor, track, start) -> None:
        """A row that renews a term nobody has: the row of this file to fix, if it is one."""
        ends = start - dt.timedelta(days=1)
        earlier = next(
            (
                n
                for (c, t, s), n in self.refused_terms.items()
                if (c, t) == (contributor.pk, track.pk) and term_end(s, self.loaded.term_years) == ends
            ),
            None,
        )
        self.refuse(
            number,
            "renews",
            _("the term it renews (row %(row)s) has problems") % {"row": earlier}
            if earlier
            else _("%(contributor)s has no %(track)s term ending on %(date)s")
            % {"contributor": contributor, "track": track, "date": program.human(ends)},
        )
        self.refused_terms[(contributor.pk, track.pk, start)] = number
