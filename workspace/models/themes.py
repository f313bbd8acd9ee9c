from django.db import models
from django.utils.translation import gettext_lazy as _

# Seeded by a migration; the coordinator adds more in the admin (snippets).
DEFAULT_THEMES = [
    ("distribution", "Distribution"),
    ("stock-chaine-du-froid", "Stock et chaîne du froid"),
    ("benevoles", "Bénévoles"),
    ("orientation", "Orientation"),
    ("hygiene", "Hygiène"),
    ("financement", "Financement"),
    ("partenariats", "Partenariats"),
    ("energie", "Énergie et factures"),
    ("sans-papiers", "Personnes sans papiers"),
    ("petite-enfance", "Petite enfance (lait, couches)"),
]


class Theme(models.Model):
    """A theme shared by decisions, practices and discussions.

    One vocabulary for the whole installation (not per network): a practice from another
    town's network is found under the same themes as the network's own."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name
