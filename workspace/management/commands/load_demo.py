from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail import hooks

from entraide.bootstrap import ensure_home_page
from workspace import networks
from workspace.bootstrap import ensure_pages, ensure_roles
from workspace.demo import people as demo
from workspace.demo import tourcoing
from workspace.models import Event


class Command(BaseCommand):
    help = "Load the demo network (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (never on a real site).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production site. The demo network creates accounts "
                "with a known password; run with --force only on a test site."
            )
        with transaction.atomic():
            before = Event.objects.aggregate(last=Max("pk"))["last"] or 0
            self.created = 0
            ensure_home_page()
            ensure_roles()
            ensure_pages()
            # The network first, then each feature's content (``entraide_demo_loaders``,
            # in their order), each idempotent.
            # The first network's loaders work in it (the second network's loader
            # activates its own), so that a second run never counts another network's rows.
            with networks.activate(networks.default()):
                for loader in hooks.get_hooks("entraide_demo_loaders"):
                    loader(self)
            # The demo notifies nobody: what its content emitted (minutes starting to
            # circulate, a proposal, practices in followed themes) is marked done before the
            # commit that would deliver it. The events stay, so a second load records none.
            Event.objects.filter(pk__gt=before, processed_at__isnull=True).update(
                processed_at=timezone.now()
            )
        if self.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo network loaded: {self.created} objects created.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo network already loaded: nothing changed."))
        self.print_logins()

    def print_logins(self):
        lines = [
            "",
            f"Demo accounts (password for all: {settings.DEMO_PASSWORD})",
            f"  {demo.COORDINATOR['email']:<48} coordinator (CCAS)",
            f"  {demo.AGENT['email']:<48} orientation agent (CCAS)",
        ]
        for data in demo.ASSOCIATIONS:
            lines.append(
                f"  {demo.editor_email(data['slug']):<48} association editor, {data['name']}"
            )
            lines.append(
                f"  {demo.member_email(data['slug']):<48} association member, {data['name']}"
            )
        lines += [
            "",
            f"Second network: {tourcoing.NAME}, on {tourcoing.ADDRESS}",
            f"  {tourcoing.COORDINATOR['email']:<48} coordinator ({tourcoing.TOWN})",
        ]
        for data in tourcoing.ASSOCIATIONS:
            lines.append(
                f"  {demo.editor_email(data['slug']):<48} association editor, {data['name']}"
            )
            lines.append(
                f"  {demo.member_email(data['slug']):<48} association member, {data['name']}"
            )
        lines.append(
            f"  {tourcoing.BOTH:<48} member in both networks (Roubaix and {tourcoing.TOWN})"
        )
        self.stdout.write("\n".join(lines))
