from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entraide.setup import ensure_home_page
from workspace import demo, roles, services
from workspace.models import Association, Role, User
from workspace.setup import ensure_pages, ensure_roles


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
            self.created = 0
            ensure_home_page()
            ensure_roles()
            ensure_pages()
            self.load_network()
            for loader in self.extra_loaders():
                loader(self)
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
        self.stdout.write("\n".join(lines))

    def extra_loaders(self):
        """Demo content of each feature, each idempotent."""
        from minutes import demo as demo_minutes
        from practices import demo as demo_practices
        from workspace import demo_discussions, demo_meetings

        return [demo_meetings.load, demo_minutes.load, demo_practices.load, demo_discussions.load]

    def user(self, email, first_name, last_name):
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            self.created += 1
        return user

    def load_network(self):
        coordinator = self.user(**demo.COORDINATOR)
        coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
        agent = self.user(**demo.AGENT)
        agent.groups.add(Group.objects.get(name=roles.ORIENTATION_AGENTS))

        for index, data in enumerate(demo.ASSOCIATIONS):
            association, created = Association.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    **data,
                    "joined_on": demo.JOINED_ON,
                    "email": f"contact@{data['slug']}.exemple.org",
                },
            )
            self.created += created
            editor = self.user(
                demo.editor_email(association.slug),
                demo.FIRST_NAMES[2 * index],
                demo.LAST_NAMES[2 * index],
            )
            member = self.user(
                demo.member_email(association.slug),
                demo.FIRST_NAMES[2 * index + 1],
                demo.LAST_NAMES[2 * index + 1],
            )
            for user, role in ((editor, Role.EDITOR), (member, Role.MEMBER)):
                if not user.memberships.filter(association=association).exists():
                    services.add_membership(user, association, role)
                    self.created += 1
