"""The press office's download report in the admin (views.py), its figures (statistics.py) and
its spreadsheet files (spreadsheets.py)."""
