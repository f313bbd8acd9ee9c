"""Posting a need or an offer, answering it, marking it matched, following categories."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Association, BoardCategory, PostKind
from ..models.board import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    QUANTITY_MAX,
    TITLE_MAX_LENGTH,
    UNIT_MAX_LENGTH,
)
from .base import OnBehalfForm, choose_among


def capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


# A post is for the weeks ahead: a year at most.
UNTIL_MAX_DAYS = 366


class PostForm(OnBehalfForm):
    association_missing = gettext_lazy("Choose the association that posts this.")
    association = forms.ModelChoiceField(
        label=gettext_lazy("Posted by"), queryset=Association.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Is it a need or an offer?"),
        choices=[
            (PostKind.NEED, gettext_lazy("We need something")),
            (PostKind.OFFER, gettext_lazy("We offer something")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether it is a need or an offer.")},
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        choices=[("", gettext_lazy("— choose —"))] + capitalised(BoardCategory.choices),
        error_messages={"required": gettext_lazy("Choose a category.")},
    )
    title = forms.CharField(
        label=gettext_lazy("In a few words"),
        max_length=TITLE_MAX_LENGTH,
        help_text=gettext_lazy("For example: 40 kg of yoghurts before Friday, a van on Saturday."),
        error_messages={"required": gettext_lazy("Say in a few words what it is.")},
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity (optional)"),
        required=False,
        min_value=1,
        max_value=QUANTITY_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Type the quantity as a whole number, such as 12."),
            "min_value": gettext_lazy("The quantity is at least 1."),
            "max_value": gettext_lazy("The quantity is at most 100,000."),
        },
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit (optional)"),
        max_length=UNIT_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("kg, crates, volunteers, hours…"),
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=PLACE_MAX_LENGTH,
        help_text=gettext_lazy("Where to collect, bring or meet."),
        error_messages={"required": gettext_lazy("Say where.")},
    )
    until = forms.DateField(
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=gettext_lazy("After this date the post closes by itself."),
        error_messages={
            "required": gettext_lazy("Give the date until which it holds."),
            "invalid": gettext_lazy("Type a date such as 14/12/2026."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Details (optional)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Times, conditions, who to ask. Never name the people you help."),
    )

    def clean_title(self):
        return self.strip("title", _("Say in a few words what it is."))

    def clean_place(self):
        return self.strip("place", _("Say where."))

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until < today:
            raise forms.ValidationError(_("This date is past: give today's date or a later one."))
        if until > today + datetime.timedelta(days=UNTIL_MAX_DAYS):
            raise forms.ValidationError(_("Give a date within a year."))
        return until

    def clean_unit(self):
        return self.cleaned_data["unit"].strip()

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class AnswerForm(forms.Form):
    association = forms.ModelChoiceField(
        label=gettext_lazy("For the association"),
        queryset=Association.objects.none(),
        required=False,
    )
    message = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Only the association that posted, yours and the coordination read it. "
            "Say how to reach you."
        ),
        error_messages={"required": gettext_lazy("Write your answer.")},
    )

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.associations = list(associations)
        choose_among(self.fields["association"], self.associations)

    def clean_association(self):
        association = self.cleaned_data.get("association")
        if association is None:
            if len(self.associations) == 1:
                return self.associations[0]
            raise forms.ValidationError(_("Choose the association you answer for."))
        return association

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if not value:
            raise forms.ValidationError(_("Write your answer."))
        return value


class MatchForm(forms.Form):
    matched_with = forms.ModelChoiceField(
        label=gettext_lazy("With which association? (optional)"),
        queryset=Association.objects.none(),
        required=False,
    )

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["matched_with"]
        field.queryset = Association.objects.active().exclude(pk=post.association_id)
        field.empty_label = _("— not said —")


class FollowCategoriesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Tell me of new posts in these categories"),
        choices=capitalised(BoardCategory.choices),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
