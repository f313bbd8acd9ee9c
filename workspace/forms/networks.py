"""The operator's form to create a network and invite its first coordinator."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from ..models import Network
from ..models.networks import HOSTNAME_MAX_LENGTH, validate_hostname


class NetworkForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the network"),
        max_length=120,
        help_text=_("For example: Entraide Tourcoing."),
    )
    town = forms.CharField(label=_("Town"), max_length=100)
    hostname = forms.CharField(
        label=_("Host name"),
        max_length=HOSTNAME_MAX_LENGTH,
        help_text=_(
            "The address of the network's site, without http:// (e.g. "
            "tourcoing.entraide.example.org). It must point to this server (DNS) and be "
            "listed in ALLOWED_HOSTS."
        ),
    )
    port = forms.IntegerField(
        label=_("Port"),
        initial=80,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
        help_text=_("80 for http, 443 for https."),
    )
    email = forms.EmailField(
        label=_("E-mail address of the first coordinator"),
        max_length=254,
        help_text=_("This person receives an invitation to coordinate the network."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Network.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("A network already has this name."), code="duplicate_name"
            )
        return name

    def clean_town(self):
        town = self.cleaned_data["town"].strip()
        if not slugify(town):
            raise forms.ValidationError(
                _("Enter the town's name with at least one letter."), code="invalid_town"
            )
        return town

    def clean_hostname(self):
        hostname = self.cleaned_data["hostname"].strip().lower().rstrip(".")
        validate_hostname(hostname)
        if Site.objects.filter(hostname__iexact=hostname).exists():
            raise forms.ValidationError(
                _("Another site already uses the host name %(hostname)s."),
                code="duplicate_hostname",
                params={"hostname": hostname},
            )
        return hostname

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def slug(self):
        """A short name no network has yet, made from the town."""
        base = slugify(self.cleaned_data["town"])[:50] or "reseau"
        slug, n = base, 1
        while (
            Network.objects.filter(slug=slug).exists()
            or Page.objects.filter(depth=2, slug=f"accueil-{slug}").exists()
        ):
            n += 1
            slug = f"{base}-{n}"
        return slug
