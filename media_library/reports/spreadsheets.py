"""The one home of the spreadsheet files the download report offers (the per-download list's CSV,
the per-video and per-day summaries in CSV and XLSX), made to open cleanly in Excel.

CSV: Excel takes a CSV file for UTF-8 only when it starts with a byte-order mark (without it,
"Téléchargé" reads "TÃ©lÃ©chargÃ©"), and it splits the columns on the "list separator" of the
system's regional settings, which is ";" where the decimal separator is a comma (French) and ","
elsewhere (English). So the separator follows the decimal separator of the admin's language:
the file opens in columns with a double-click, and a decimal comma ("00:00:05,5") needs no quotes.
(The "sep=;" first line Excel also understands is not used: Excel then ignores the byte-order mark.)
An admin whose Excel runs in another language than the admin's is served by the XLSX files,
which carry no such convention.
"""

import csv
from io import BytesIO

from django.http import FileResponse, StreamingHttpResponse
from django.utils.formats import get_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

BYTE_ORDER_MARK = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_delimiter(language):
    """';' for a language writing decimals with a comma (as Excel expects there), else ','."""
    return ";" if get_format("DECIMAL_SEPARATOR", lang=language) == "," else ","


class Line:
    """What `csv.writer` writes to: each row comes back as its line of text."""

    def write(self, text):
        return text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Text a spreadsheet will not run as a formula: an organisation named "=HYPERLINK(...)" by
    whoever signed up is shown as typed, behind an apostrophe, as Excel itself does."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_lines(rows, language):
    """The CSV text of `rows` (sequences of values), line by line, after the byte-order mark."""
    writer = csv.writer(Line(), delimiter=csv_delimiter(language))
    yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow([inert(value) for value in row])


def csv_response(rows, filename, language):
    """A streamed CSV download of `rows` (which may be a generator), named `filename`.csv."""
    lines = (line.encode() for line in csv_lines(rows, language))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename):
    """An XLSX download of `rows` on one sheet; dates stay dates, text never becomes a formula."""
    workbook = Workbook(write_only=True, iso_dates=True)
    sheet = workbook.create_sheet()
    for row in rows:
        cells = [WriteOnlyCell(sheet, value) for value in row]
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
        sheet.append(cells)
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, content_type=XLSX_CONTENT_TYPE, filename=f"{filename}.xlsx"
    )
