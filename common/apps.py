from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Installed for its translation catalogue (the sender's display name); it has no models."""

    name = "common"
    verbose_name = "Common"
