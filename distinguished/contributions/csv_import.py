"""Reading and checking a CSV file of contributions, and writing its rows a batch at a time
(`CsvImport`). `csv_runs.py` runs it as a background import run.

The file has the header `contributor,kind,date,title,url,quantity,major`; `contributor` is an
e-mail or a GitHub login (case-insensitive). Each row is checked like `api.check_evidence` (the
same rules and messages); good rows are kept, bad rows reported by their row number (the header is
row 1). A row is identified by a hash of its normalized values (contributor id, kind, date, title,
url, quantity, major), its `external_id` under the source `csv`, so that importing the same file
again skips what is already there.

Rows are written in batches: one query for the batch's ids already imported, one multi-row insert,
one transaction per batch of 20,000 rows, in which the caller also records how far the import got
(`checkpoint`): a crash loses at most the batch being written. A file that cannot be read (not
UTF-8, not text, not CSV, empty, wrong header) is refused before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.people import api as people
from distinguished.program import api as program

from .models import Contribution, Source

HEADER = ["contributor", "kind", "date", "title", "url", "quantity", "major"]
HEADER_TEXT = ",".join(HEADER)
# Rows per transaction: one query for the ids already there, one insert. Each commit writes every
# index page the batch touched (the ids are hashes, so spread over the whole index): fewer, larger
# batches write far less. 20,000 ids stay under the bound-parameter limits of SQLite and PostgreSQL.
BATCH_SIZE = 20_000
MAX_ERRORS = 1000
MAX_MESSAGES = 50
MAX_QUANTITY = Decimal("1e12")  # The column holds 14 digits, 2 of them decimals.
CENTS = Decimal("0.01")
MAJOR = {"": False, "false": False, "0": False, "no": False, "true": True, "1": True, "yes": True}
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
WHITESPACE = re.compile(r"\s")

http_url = URLValidator(schemes=["http", "https"], message=gettext_lazy("Give an http:// or https:// link."))


def unreadable(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def read_text(data) -> str:
    """The file's text: bytes (UTF-8, with or without a BOM), str, or a file object."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise unreadable(_("The file is not UTF-8 text; save it as CSV (UTF-8).")) from None
    elif isinstance(data, str):
        data = data.removeprefix("\ufeff")
    else:
        raise unreadable(_("Give a CSV file."))
    if "\x00" in data:
        raise unreadable(_("The file is not text; upload a CSV file."))
    if not data.strip():
        raise unreadable(
            _("The file is empty; it needs the header “%(header)s” and rows.") % {"header": HEADER_TEXT}
        )
    return data


def _reader(text: str):
    return csv.reader(io.StringIO(text, newline=""), strict=True)


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def check_file(text: str) -> int:
    """Refuse a file that is not CSV or has the wrong header, before anything is written; else
    the number of rows (blank lines aside) below the header."""
    reader = _reader(text)
    rows = 0
    try:
        header = next(reader, None)
        if header is None or [name.strip().lower() for name in header] != HEADER:
            raise unreadable(
                _("The first line must be the header “%(header)s”, not “%(found)s”.")
                % {"header": HEADER_TEXT, "found": ",".join(header)[:200]}
                if header
                else _("The first line must be the header “%(header)s”.") % {"header": HEADER_TEXT}
            )
        for row in reader:
            if not _blank(row):
                rows += 1
    except csv.Error as error:
        raise unreadable(
            _("The file is not valid CSV (line %(line)s): %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows


def _title_problems(title: str) -> list[str]:
    if not title:
        return [_("title: Give a title.")]
    if len(title) > 300:
        return [_("title: Keep the title under 300 characters.")]
    return []


def _quantity(quantity: str) -> tuple[Decimal | None, list[str]]:
    """(the quantity to the cent or None, its problems): a number of at least 0, under MAX_QUANTITY."""
    if not quantity:
        return None, []
    try:
        number = Decimal(quantity)
        if not number.is_finite() or number < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        return None, [_("quantity: The quantity is a number of at least 0.")]
    if number >= MAX_QUANTITY:
        return number, [_("quantity: The quantity is too large.")]
    return number.quantize(CENTS), []


def _external_id(contributor: int, kind: str, date: str, title: str, url: str, number, flag: bool) -> str:
    """The row's id under the source `csv`: a hash of its normalized values."""
    quantity = "" if number is None else str(number)
    key = "\x1f".join((str(contributor), kind, date, title, url, quantity, "1" if flag else "0"))
    return hashlib.sha256(key.encode()).hexdigest()


class UrlCheck:
    """`http_url`, with the part before the path checked once per distinct scheme and host:
    the rest of a link only has to be free of whitespace (what URLValidator's pattern asks)."""

    def __init__(self):
        self.hosts: dict[str, bool] = {}

    def __call__(self, url: str) -> list[str]:
        start = url.find("://")
        if start < 0:
            return self._full(url)
        slash = url.find("/", start + 3)
        prefix, rest = (url, "") if slash < 0 else (url[:slash], url[slash:])
        if "?" in prefix or "#" in prefix or "@" in prefix or len(url) > 2048:
            return self._full(url)
        ok = self.hosts.get(prefix)
        if ok is None:
            ok = self.hosts[prefix] = not self._full(prefix)
        if ok and not WHITESPACE.search(rest):
            return []
        return self._full(url)

    @staticmethod
    def _full(url: str) -> list[str]:
        try:
            http_url(url)
        except ValidationError as error:
            return list(error.messages)
        return []


class CsvImport:
    def __init__(self, actor):
        self.actor = actor
        self.kinds = program.contribution_kind_codes()
        self.today = timezone.localdate()
        self.contributors = self._contributors()
        self.url_ok = UrlCheck()
        self.dates: dict[str, object] = {}
        self.created = 0
        self.skipped = 0
        self.errors: list[dict] = []
        self.errors_total = 0
        self.rows = 0
        ops = connection.ops
        self.adapt_date = ops.adapt_datefield_value
        self.adapt_decimal = ops.adapt_decimalfield_value
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self.recorded_by = actor.pk if actor is not None and actor.is_authenticated else None
        meta = Contribution._meta
        names = [
            "contributor",
            "kind",
            "date",
            "title",
            "url",
            "quantity",
            "major",
            "source",
            "external_id",
            "recorded_by",
            "verified",
            "created",
        ]
        columns = ", ".join(ops.quote_name(meta.get_field(name).column) for name in names)
        # Names from the model's own metadata, quoted; the values are parameters.
        self.insert_sql = (
            f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )

    @staticmethod
    def _contributors() -> dict[str, int]:
        """E-mail and GitHub login (lower-cased) → contributor id, in one query."""
        found: dict[str, int] = {}
        for email, github, pk in people.contributors().values_list("email", "github", "pk"):
            if github:
                found.setdefault(github.lower(), pk)
            if email:
                found[email.lower()] = pk
        return found

    def carry_on(self, *, rows: int, created: int, skipped: int, errors: list[dict], errors_total: int):
        """Start from the counts an earlier run committed (a resumed import)."""
        self.rows, self.created, self.skipped = rows, created, skipped
        self.errors, self.errors_total = list(errors)[:MAX_ERRORS], errors_total

    def error(self, row: int, message: str) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "error": message})

    def _date(self, value: str):
        """(adapted value, normalized text) or an error message; cached per distinct date."""
        known = self.dates.get(value)
        if known is not None:
            return known
        try:
            if not DATE_SHAPE.match(value):
                raise ValueError
            date = dt.date.fromisoformat(value)
        except ValueError:
            result = _("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}
        else:
            if date > self.today:
                result = _("That date is in the future; record what has happened.")
            else:
                result = (self.adapt_date(date), value)
        self.dates[value] = result
        return result

    def check(self, row: list[str]):
        """The normalized row (external id, insert values) or the reason it is refused."""
        if len(row) != len(HEADER):
            return _("Expected %(expected)s columns (%(header)s), found %(found)s.") % {
                "expected": len(HEADER),
                "header": HEADER_TEXT,
                "found": len(row),
            }
        handle, kind, date, title, url, quantity, major = (value.strip() for value in row)
        contributor = self.contributors.get(handle.lower())
        day = self._date(date)
        title = " ".join(title.split())
        number, quantity_problems = _quantity(quantity)
        flag = MAJOR.get(major.lower())
        problems = [
            *self._who_and_when_problems(handle, contributor, kind, day),
            *_title_problems(title),
            *self._url_problems(url),
            *quantity_problems,
        ]
        if flag is None:
            problems.append(_("major: Give true or false (1 or 0, yes or no), or leave it empty."))
        if problems:
            return " ".join(problems)
        external_id = _external_id(contributor, kind, day[1], title, url, number, flag)
        values = (
            contributor,
            kind,
            day[0],
            title,
            url,
            None if number is None else self.adapt_decimal(number, 14, 2),
            flag,
            Source.CSV,
            external_id,
            self.recorded_by,
            True,
            self.now,
        )
        return external_id, values

    def _who_and_when_problems(self, handle: str, contributor, kind: str, day) -> list[str]:
        """A row's problems with its contributor, its kind and its date."""
        problems = []
        if contributor is None and handle:
            problems.append(
                _(
                    "contributor: Unknown contributor “%(handle)s”; give the e-mail or GitHub login of a known "
                    "contributor."
                )
                % {"handle": handle}
            )
        elif contributor is None:
            problems.append(_("contributor: Give the contributor's e-mail or GitHub login."))
        if kind not in self.kinds:
            problems.append(
                _("kind: Unknown kind “%(kind)s”; choose one of the program's contribution kinds.")
                % {"kind": kind}
            )
        if isinstance(day, str):
            problems.append(_("date: %(problem)s") % {"problem": day})
        return problems

    def _url_problems(self, url: str) -> list[str]:
        if not url:
            return []
        if len(url) > 500:
            return [_("url: Keep the link under 500 characters.")]
        return [_("url: %(problem)s") % {"problem": message} for message in self.url_ok(url)]

    def run(self, text: str, *, start: int = 2, checkpoint=None) -> None:
        """Check and write the rows from row `start` on (the header is row 1; earlier rows were
        committed by an earlier run). `checkpoint(self, next_row)` is called inside each batch's
        transaction once its rows are written, and after the last row; it may raise to stop."""
        reader = _reader(text)
        next(reader)
        pending: dict[str, tuple] = {}
        since_checkpoint = 0
        next_row = start
        for number, row in enumerate(reader, start=2):
            if number < start:
                continue
            next_row = number + 1
            if _blank(row):
                continue
            self.rows += 1
            since_checkpoint += 1
            checked = self.check(row)
            if isinstance(checked, str):
                self.error(number, checked)
            else:
                external_id, values = checked
                if external_id in pending:
                    self.skipped += 1
                else:
                    pending[external_id] = values
            # A batch is BATCH_SIZE rows, good or refused: refused rows are progress too.
            if since_checkpoint >= BATCH_SIZE:
                self.flush(pending, next_row, checkpoint)
                pending = {}
                since_checkpoint = 0
        if pending or since_checkpoint or checkpoint is not None:
            self.flush(pending, next_row, checkpoint)

    def flush(self, pending: dict[str, tuple], next_row: int, checkpoint=None) -> None:
        for attempt in range(2):
            created, skipped = self.created, self.skipped
            try:
                with transaction.atomic():
                    rows, existing = self._write(pending) if pending else ([], set())
                    self.created += len(rows)
                    self.skipped += len(existing)
                    if checkpoint is not None:
                        checkpoint(self, next_row)
            except IntegrityError:
                self.created, self.skipped = created, skipped
                # A concurrent import of the same rows won the race: look again once.
                if attempt:
                    raise
                continue
            return

    def _write(self, pending: dict[str, tuple]) -> tuple[list[tuple], set[str]]:
        """Insert the rows not imported yet → (the rows inserted, the ids already there)."""
        # The `external_id != ""` term lets the database use the partial unique index.
        existing = set(
            Contribution.objects.filter(source=Source.CSV, external_id__in=list(pending))
            .exclude(external_id="")
            .order_by()
            .values_list("external_id", flat=True)
        )
        rows = [pending[key] for key in sorted(pending) if key not in existing]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.insert_sql, rows)
        return rows, existing

    def result(self) -> dict:
        return {
            "created": self.created,
            "skipped": self.skipped,
            "errors": self.errors,
            "errors_total": self.errors_total,
        }
