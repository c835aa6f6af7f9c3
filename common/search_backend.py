"""The search backend of WAGTAILSEARCH_BACKENDS, reading each language: Wagtail's database
search backend (modelsearch), with each language version indexed and searched in its own
language's PostgreSQL text search configuration, so that "communiqués" finds "communiqué" and
"statements" finds "statement".

Why this shape: modelsearch's PostgreSQL backend takes one SEARCH_CONFIG, and every backend of
WAGTAILSEARCH_BACKENDS writes the same index table, so one backend per language overwrites the
others (wagtail/wagtail#9253). This backend keeps the library's indexer and query compiler and
chooses the configuration they use: per object when indexing (its locale's language, from
LANGUAGE_CONFIGS; SEARCH_CONFIG for text without a language), per search when querying
(`for_language`, which common/search.py calls). A search that names no language (the admin's)
asks in every configuration at once, so it finds what each language indexed.

SQLite (the one-machine default) has no stemming: modelsearch's SQLite backend (FTS5) finds
whole words as typed (its search calls are the same; the language is not used).

Changing LANGUAGE_CONFIGS needs `manage.py update_index` (the stored vectors were made with the
old ones).
"""

import copy
from functools import reduce

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.models import Locale

EVERY_LANGUAGE = None  # the query configuration of a search that names no language


class MultilingualPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """modelsearch's indexing, run once per text search configuration of the objects."""
        by_config = {}
        for obj in objs:
            by_config.setdefault(self.backend.config_of(obj), []).append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class MultilingualQueryCompiler(PostgresSearchQueryCompiler):
    every_config = ()

    def search(self, config, start, stop, score_field=None, backend=None):
        self.every_config = backend.all_configs()
        return super().search(config, start, stop, score_field=score_field, backend=backend)

    def build_tsquery(self, query, config=None):
        if config is not EVERY_LANGUAGE:
            return super().build_tsquery(query, config=config)
        asked = (
            super(MultilingualQueryCompiler, self).build_tsquery(query, config=c)
            for c in self.every_config
        )
        return reduce(lambda a, b: a | b, asked)


class MultilingualPostgresSearchBackend(PostgresSearchBackend):
    """OPTIONS: LANGUAGE_CONFIGS ({language code: PostgreSQL text search configuration}),
    SEARCH_CONFIG (text without a language; "simple": words as written)."""

    index_class = MultilingualPostgresIndex
    query_compiler_class = MultilingualQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = dict(params.get("LANGUAGE_CONFIGS", {}))
        self.default_config = self.config or "simple"
        self.config = EVERY_LANGUAGE
        self._languages = {}

    def all_configs(self):
        return sorted({*self.language_configs.values(), self.default_config})

    def config_for_language(self, language):
        return self.language_configs.get(language, self.default_config)

    def config_of(self, obj):
        locale_id = getattr(obj, "locale_id", None)
        if locale_id is None:
            return self.default_config
        if locale_id not in self._languages:
            self._languages = dict(Locale.objects.values_list("pk", "language_code"))
        return self.config_for_language(self._languages.get(locale_id))

    def for_language(self, language):
        """This backend searching in `language` (the objects searched are in it)."""
        return self.with_config(self.config_for_language(language))

    def with_config(self, config):
        configured = copy.copy(self)
        configured.config = config
        return configured


def SearchBackend(params):  # noqa: N802 (the name modelsearch looks for in a backend module)
    """modelsearch's database backend for the database in use; on PostgreSQL, multilingual."""
    if connection.vendor == "postgresql":
        return MultilingualPostgresSearchBackend(params)
    return database_backend(params)
