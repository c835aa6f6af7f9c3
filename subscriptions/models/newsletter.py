"""Newsletter subscribers, issues and deliveries."""

__all__ = []
