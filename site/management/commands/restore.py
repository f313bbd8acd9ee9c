from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from entraide.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media folder with those of a backup archive, "
        "then apply the migrations of this version."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_false",
            dest="migrate",
            help="Do not apply this version's migrations after restoring.",
        )

    def handle(self, *args, archive, interactive, migrate, **options):
        try:
            manifest = read_manifest(archive)
            if interactive:
                answer = input(
                    f"Restore the backup of {manifest['created']} ({manifest['engine']}, "
                    f"{len(manifest['media'])} media files)? Everything in this installation's "
                    "database and media folder will be replaced. Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled: nothing was changed.")
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup of {manifest['created']} restored: database and "
                f"{len(manifest['media'])} media files."
            )
        )
