"""Reading a list's download back in tests: the CSV's rows as text, the XLSX's rows as the typed
values openpyxl reads (dates as datetimes, numbers as numbers)."""

import csv
import io

import openpyxl


def content(response) -> bytes:
    """The whole body of a streamed (CSV) or file (XLSX) response of Django's test client. Reading a
    streamed body to its end closes the response (and its temporary file) the way the test client
    does; closing it again would end a request and close the test's database connection, which
    only SQLite's in-memory database survives."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, content(response)[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, content(response)[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def records(rows: list[list]) -> list[dict]:
    """The rows after the header as {header: cell}."""
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]
