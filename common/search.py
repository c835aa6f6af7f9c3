"""Searching the public's pages in the reader's language, most relevant first. The backend
(common/search_backend.py) reads each language on PostgreSQL; on SQLite words are found as typed.
"""

from django.db.models import Case, IntegerField, Value, When
from wagtail.search.backends import get_search_backend


def search(query, queryset, language):
    """The objects of `queryset` matching every word of `query` read in `language`, most
    relevant first."""
    backend = get_search_backend()
    if hasattr(backend, "for_language"):  # PostgreSQL: common/search_backend.py; SQLite: as typed
        backend = backend.for_language(language)
    return backend.search(query, queryset, operator="and", order_by_relevance=True)


def in_order_of(pks):
    """An `order_by` expression putting rows in the order of `pks` (search hits by relevance)."""
    if not pks:
        return Value(0)
    whens = [When(pk=pk, then=Value(position)) for position, pk in enumerate(pks)]
    return Case(*whens, default=Value(len(pks)), output_field=IntegerField())
