"""Fill the portal with demo content written for it; running it twice changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import accessibility, home, media, news, newsletter

# Each capability adds its module here, in the order their content depends on each other.
DEMO_MODULES = [home, accessibility, news, media, newsletter]


class Command(BaseCommand):
    help = "Load the demo content (home pages in French and English, and what later apps add)."

    def handle(self, *args, **options):
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.load()
            self.stdout.write(f"Demo content loaded: {module.__name__.rsplit('.', 1)[-1]}")
