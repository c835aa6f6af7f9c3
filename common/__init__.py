"""Helpers every app of the portal may use (mail sender, alphabetical order, language versions).

This package imports no app of the project: news and subscriptions use it without depending on
the media library, and the media library without depending on them (docs/architecture.md)."""
