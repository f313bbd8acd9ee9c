from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entraide.backup import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Write one archive with the database, the media folder and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="A folder (a dated name is chosen) or a file name ending in .tar.gz.",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Then keep only this many newest archives in the folder (0: keep all).",
        )

    def handle(self, *args, output, keep, **options):
        try:
            path, manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {path} ({manifest['engine']} database, "
                f"{len(manifest['media'])} media files)."
            )
        )
        if keep:
            for removed in prune_backups(path.parent, keep):
                self.stdout.write(f"Removed the older backup {removed}.")
