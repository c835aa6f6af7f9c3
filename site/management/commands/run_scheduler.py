"""`manage.py run_scheduler`: the portal's periodic jobs (portal/cron.py) and its reconcile
pass, in one long-running process that outlives Redis outages (portal/scheduler.py)."""

import logging

from django.core.management.base import BaseCommand

from portal.scheduler import PortalCronScheduler


class Command(BaseCommand):
    help = "Run the periodic jobs and the reconcile pass (one process per deployment)."

    def add_arguments(self, parser):
        parser.add_argument("--config", default="portal.cron", help="module of the cron jobs")

    def handle(self, *args, config, **options):
        scheduler = PortalCronScheduler(logging_level=logging.INFO)
        scheduler.load_config_from_file(config)
        scheduler.start()
