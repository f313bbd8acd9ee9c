"""Saying an association adopts a practice, and linking a practice to a meeting's topic."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.dates import format_date as date_format
from workspace.models import Association

from .models import Adoption, AdoptionKind
from .remote import FetchError, check_url


class AdoptionForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Association.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("What you say"),
        choices=AdoptionKind.choices,
        initial=AdoptionKind.SAME,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Short note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How you do it, what you changed, what it gave: 500 characters at most."),
        error_messages={
            "max_length": _(
                "The note is at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )
    adopted_on = forms.DateField(
        label=_("Since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date since when you do it (or when you tried it)."),
            "invalid": _("Write the date as day/month/year."),
        },
    )

    def __init__(self, *args, practice, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.associations = list(associations)
        field = self.fields["association"]
        # Every association the person speaks for, so that a repeated or forbidden
        # answer gets a message rather than "not a valid choice".
        field.queryset = Association.objects.filter(pk__in=[a.pk for a in self.associations])
        if len(self.associations) == 1:
            field.initial = self.associations[0].pk
            field.widget = forms.HiddenInput()
            field.required = False
        if not self.is_bound:
            self.initial.setdefault("adopted_on", timezone.localdate())

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_association(self):
        association = self.cleaned_data.get("association")
        if association is None and len(self.associations) == 1:
            return self.associations[0]
        return association

    def clean_note(self):
        return self.cleaned_data["note"].strip()

    def clean(self):
        cleaned = super().clean()
        association = cleaned.get("association")
        if association is None:
            return cleaned
        if association.pk == self.practice.association_id:
            raise forms.ValidationError(
                _("%(association)s runs this practice: an association does not adopt its own.")
                % {"association": association.name},
                code="own",
            )
        existing = Adoption.objects.filter(practice=self.practice, association=association).first()
        if existing is not None:
            raise forms.ValidationError(
                _("%(association)s already said so on %(date)s: one answer per association.")
                % {
                    "association": association.name,
                    "date": date_format(existing.created_at.date(), "DATE_FORMAT"),
                },
                code="twice",
            )
        return cleaned


class PresentForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic “practice to share”"),
        queryset=None,
        empty_label=_("— a new proposal for the next meeting —"),
        required=False,
        help_text=_(
            "Link a topic already proposed, or leave this choice to propose a new one: the "
            "coordination places it on an agenda."
        ),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["topic"].label_from_instance = lambda topic: (
            f"{topic.title} ({topic.get_status_display()}"
            + (f", {date_format(topic.meeting.date, 'DATE_FORMAT')}" if topic.meeting_id else "")
            + ")"
        )


class SubscriptionForm(forms.Form):
    """A network subscribes to another installation's feed of public practices."""

    url = forms.URLField(
        label=_("Address of the feed"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The feed of another installation's practices, JSON (with every field) or Atom, "
            "e.g. https://entraide.example.org/pratiques/flux.json"
        ),
        error_messages={"invalid": _("Enter a web address starting with https:// or http://.")},
    )
    title = forms.CharField(
        label=_("Name of the source (optional)"),
        max_length=200,
        required=False,
        help_text=_("Shown beside its practices, e.g. “Entraide Lille”."),
    )

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network

    def clean_url(self):
        # cycle: practices.remote imports the models, which these forms' module precedes
        from .models import FeedSubscription

        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except FetchError as error:
            raise forms.ValidationError(str(error), code="refused") from error
        if FeedSubscription.objects.filter(url=url).exists():
            raise forms.ValidationError(
                _("This network already reads this feed."), code="duplicate"
            )
        return url
