"""Exports of the lists people work from, in CSV or XLSX, streamed.

A list's export is a `Table`: its columns (a header and how to read the cell from a row) and its
rows, an iterator that the app's `api.py` yields from the very query its page shows, filters,
conflicts and privacy rules applied there (read the rows with `.iterator(chunk_size=…)`). The
views of the page and of the REST API answer with `response(table, file_format, name)`:

- CSV is a `StreamingHttpResponse` that writes each row as it is read: 100,000 rows never sit in
  memory, and the first bytes leave before the last row is read.
- XLSX is written by XlsxWriter in its constant-memory mode, which flushes each row to a temporary
  file; the finished workbook is then streamed from disk (`FileResponse`) and the file is removed
  as soon as the response is closed. Cells are written as strings, numbers and dates, never as
  formulas.

A cell a spreadsheet would run as a formula (a name typed as `=HYPERLINK(…)`, say) is written
with a leading apostrophe in the CSV, as OWASP advises against CSV injection; XLSX cells are plain
strings and need no such care.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = ["FORMATS", "Column", "Table", "download_paths", "response", "rows_of"]

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
# The characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    """One column: its header, and the cell it reads from a row (a dict key or a function)."""

    header: str
    read: str | Callable[[Any], Any]

    def cell(self, row) -> Any:
        if callable(self.read):
            return self.read(row)
        return row[self.read] if isinstance(row, dict) else getattr(row, self.read)


@dataclass(frozen=True)
class Table:
    """A list to export: a sheet title, its columns and an iterator of its rows."""

    title: str
    columns: tuple[Column, ...]
    rows: Iterable

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def records(self) -> Iterator[list]:
        for row in self.rows:
            yield [column.cell(row) for column in self.columns]


def download_paths(route: str, view, name: str) -> list:
    """A list's download at `<route>.csv` and `<route>.xlsx`, one URL name for both, the format
    given to the view as `file_format`: `{% url name file_format="xlsx" %}`."""
    return [
        path(f"{route}.{file_format}", view, {"file_format": file_format}, name=name)
        for file_format in FORMATS
    ]


def rows_of(queryset, chunk_size: int = 2000) -> Iterator:
    """A queryset's rows read in chunks (prefetches included, chunk by chunk), never all at once."""
    return queryset.iterator(chunk_size=chunk_size)


def response(table: Table, file_format: str, name: str):
    """The table as a download named `name-YYYY-MM-DD.csv` (or `.xlsx`); a 404 for another format."""
    if file_format not in CONTENT_TYPES:
        raise Http404(
            _("No export as “%(format)s”: ask for %(csv)s or %(xlsx)s.")
            % {"format": file_format, "csv": CSV, "xlsx": XLSX}
        )
    filename = f"{name}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == CSV:
        answer = StreamingHttpResponse(_csv_lines(table), content_type=CONTENT_TYPES[CSV])
        answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        answer = FileResponse(
            _xlsx_file(table), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[XLSX]
        )
    answer["Cache-Control"] = "private, no-store"
    return answer


# --- CSV -------------------------------------------------------------------------------------------


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote: one line."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(table: Table) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    # A byte-order mark, so that Excel reads the UTF-8 names right.
    yield "\ufeff".encode() + writer.writerow(table.headers()).encode()
    for record in table.records():
        yield writer.writerow([_csv_cell(value) for value in record]).encode()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return _naive_utc(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, int | float | Decimal | dt.date):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx_file(table: Table):
    """The workbook in a temporary file, open for reading from its start; the file has no name on
    disk any more (POSIX), so closing it (the response does) frees it."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    try:
        _write_workbook(handle, table)
    except BaseException:
        handle.close()
        raise
    handle.seek(0, os.SEEK_SET)
    return handle


def _write_workbook(handle, table: Table) -> None:
    with tempfile.TemporaryDirectory(prefix="export-") as scratch:
        workbook = xlsxwriter.Workbook(
            handle,
            {
                "constant_memory": True,
                "tmpdir": scratch,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        sheet = workbook.add_worksheet(_sheet_name(table.title))
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        headers = table.headers()
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        widths = [max(10, len(header) + 2) for header in headers]
        row_number = 0
        for row_number, record in enumerate(table.records(), start=1):
            for column, value in enumerate(record):
                _xlsx_cell(sheet, row_number, column, value, day, moment)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        if row_number:
            sheet.autofilter(0, 0, row_number, len(headers) - 1)
        workbook.close()


def _xlsx_cell(sheet, row: int, column: int, value, day, moment) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, column, "yes" if value else "no")
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, _naive_utc(value), moment)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), day)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, float(value))
    else:
        sheet.write_string(row, column, str(value))


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip() or "Export"
    return cleaned[:XLSX_SHEET_NAME_MAX]


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    if timezone.is_aware(moment):
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment
