"""Video assets, download presets and renditions."""

__all__ = []
