from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo data from fixtures/: the outlet registry, the policy entities, then every "
        "seed article. "
        "Safe to re-run. With DEBUG on, also creates the local superuser admin/admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        root = settings.DEMO_DATA_DIR
        outlets = root / "outlets.json"
        if outlets.exists():
            # First: the parsers resolve every seed's publisher against this registry.
            call_command("load_outlets", str(outlets), verbosity=verbosity, dry_run=dry_run)
        entities = root / "policy_entities.json"
        if entities.exists():
            call_command("load_entities", str(entities), verbosity=verbosity, dry_run=dry_run)
        call_command("ingest", str(root / "seeds"), verbosity=verbosity, dry_run=dry_run)
        if settings.DEBUG and not dry_run:
            user_model = get_user_model()
            if not user_model.objects.filter(username="admin").exists():
                user_model.objects.create_superuser("admin", "admin@example.org", "admin")
                if verbosity:
                    self.stdout.write("created the local superuser admin / admin (DEBUG only)")
