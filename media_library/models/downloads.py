"""Public downloads: terms acceptance and download records."""

__all__ = []
