"""Requests that no page can answer sensibly are refused here with a 400, in the reader's
language, before any view sees them: today a NUL byte (U+0000) anywhere in the path, the query
string or a form-encoded body. PostgreSQL refuses NUL in text, so a NUL passed on to a query or
a template tag (a search, a filter, `next`, a token) would otherwise end in a 500; no person
types one.

Other odd input is left to the views and forms, which must answer it without a 500: invalid
UTF-8 arrives as U+FFFD (Django decodes with "replace"), over-long and repeated values are
limited or ignored where they are read. tests/test_bad_input.py sweeps every public URL.
"""

from django.http import QueryDict
from django.shortcuts import render

NUL = "\x00"
FORM_ENCODED = "application/x-www-form-urlencoded"


def has_nul(query_dict):
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


def is_invalid(request):
    if NUL in request.path_info or has_nul(request.GET):
        return True
    # Only the bodies Django has already read in full: a multipart upload stays a stream for its
    # view (its text fields go through forms, which refuse NUL with a message of their own).
    return request.content_type == FORM_ENCODED and has_nul(request.POST)


class InvalidInputMiddleware:
    """After LocaleMiddleware, so that the 400 page is in the reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_invalid(request):
            # The page's own links (language switcher) must not read the bad values either.
            request.GET, request.POST = QueryDict(), QueryDict()
            return render(request, "400.html", status=400)
        return self.get_response(request)
