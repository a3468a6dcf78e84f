"""`core.exports`: a list as CSV or XLSX, streamed, with cells a spreadsheet reads right and never
runs as formulas. The exports of each list (and who gets which rows) are tested with their app."""

import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal

import openpyxl
import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import Http404, StreamingHttpResponse

from distinguished.core import exports

COLUMNS = (
    exports.Column("id", "id"),
    exports.Column("name", "name"),
    exports.Column("when", "when"),
    exports.Column("day", lambda row: row["when"].date() if row["when"] else None),
    exports.Column("score", "score"),
    exports.Column("listed", "listed"),
)
ROWS = [
    {
        "id": 1,
        "name": "Zoë Ndiaye",
        "when": dt.datetime(2024, 2, 29, 23, 30, tzinfo=dt.UTC),
        "score": Decimal("4.25"),
        "listed": True,
    },
    {"id": 2, "name": '=HYPERLINK("http://evil.example","x")', "when": None, "score": None, "listed": False},
    {"id": 3, "name": "-1+2", "when": None, "score": 3, "listed": None},
]


def table(rows=ROWS, title="Nominations"):
    return exports.Table(title, COLUMNS, rows)


def close(response) -> None:
    """Close the response (the XLSX's temporary file) as the server does, without the signal that
    ends a request: Django would answer it by closing the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def body(response) -> bytes:
    content = b"".join(response.streaming_content)
    close(response)
    return content


def test_csv_is_streamed_row_by_row_with_safe_cells():
    read = []

    def rows():
        for row in ROWS:
            read.append(row["id"])
            yield row

    response = exports.response(table(rows()), "csv", "nominations")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nominations-')
    assert response["Cache-Control"] == "private, no-store"
    assert read == [], "no row is read before the response is sent"
    lines = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert lines == [
        ["id", "name", "when", "day", "score", "listed"],
        ["1", "Zoë Ndiaye", "2024-02-29 23:30:00", "2024-02-29", "4.25", "yes"],
        ["2", '\'=HYPERLINK("http://evil.example","x")', "", "", "", "no"],
        ["3", "'-1+2", "", "", "3", ""],
    ]


def test_xlsx_has_typed_cells_and_no_formula():
    response = exports.response(table(), "xlsx", "nominations")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="nominations-' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book["Nominations"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["id", "name", "when", "day", "score", "listed"]
    assert values[1] == [
        1,
        "Zoë Ndiaye",
        dt.datetime(2024, 2, 29, 23, 30),
        dt.datetime(2024, 2, 29),
        4.25,
        "yes",
    ]
    assert values[2][1] == '=HYPERLINK("http://evil.example","x")'
    assert sheet.cell(row=3, column=2).data_type == "s", "a string, not a formula"
    assert values[3] == [3, "-1+2", None, None, 3, None]


def test_an_empty_list_still_has_its_headers():
    for file_format in exports.FORMATS:
        content = body(exports.response(table([]), file_format, "audit"))
        if file_format == "csv":
            assert content.decode("utf-8-sig").splitlines() == ["id,name,when,day,score,listed"]
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
                ["id", "name", "when", "day", "score", "listed"]
            ]


def test_an_unknown_format_is_a_404():
    with pytest.raises(Http404, match="csv or xlsx"):
        exports.response(table(), "pdf", "nominations")


def test_sheet_titles_are_what_excel_accepts():
    content = body(
        exports.response(table(title="Reviews: cycle 2026/27 [chair's copy] and more"), "xlsx", "r")
    )
    (name,) = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def _peak_bytes(file_format: str, count: int) -> int:
    def rows():
        for n in range(count):
            yield {"id": n, "name": f"Contributor {n}", "when": None, "score": n / 7, "listed": n % 2 == 0}

    tracemalloc.start()
    try:
        response = exports.response(table(rows()), file_format, "people")
        for _chunk in response.streaming_content:
            pass
        close(response)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("file_format", exports.FORMATS)
def test_rows_never_sit_in_memory(file_format):
    """Ten times the rows, not ten times the memory: each row leaves (CSV) or goes to disk (XLSX)
    before the next is read."""
    small, large = _peak_bytes(file_format, 2_000), _peak_bytes(file_format, 20_000)
    assert large < small * 2, (small, large)
