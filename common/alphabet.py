"""Alphabetical order as a reader expects it: accents and case ignored ("Éducation" before
"Santé"), whatever the database's collation (PostgreSQL and SQLite order by character code)."""

import unicodedata

from django.db.models import Case, IntegerField, Value, When


def alphabetical_key(text):
    """A sort key for `text`: its letters without accents, casefolded (then the text itself, so
    that words differing only by an accent keep a stable order)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return plain.casefold(), text


def alphabetically(items, name=lambda item: item.name):
    """A list of `items` in alphabetical order of their name."""
    return sorted(items, key=lambda item: alphabetical_key(name(item)))


def in_alphabetical_order(queryset, field="name"):
    """`queryset` ordered alphabetically by `field`, still a queryset (for form fields and
    filters that need one): the order is computed here and given to the database by position."""
    rows = alphabetically(queryset.values_list("pk", field), name=lambda row: row[1])
    if not rows:  # (a CASE without WHEN would be a bare number: a column position to SQL)
        return queryset.order_by("pk")
    position = Case(
        *[When(pk=pk, then=Value(number)) for number, (pk, _) in enumerate(rows)],
        default=Value(len(rows)),
        output_field=IntegerField(),
    )
    return queryset.order_by(position, "pk")
