"""The practice sheet's editor form: an editor writes for their own associations only, the
address is made from the title, a step's details are limited, the start year is not ahead."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.rich_text import RichTextMaxLengthValidator

from entraide.forms import LimitedPageForm
from minutes.models import Decision
from workspace import permissions as workspace_permissions
from workspace.models import Association

from .blocks import STEP_TEXT_LIMIT


def current_year():
    return timezone.localdate().year


class PracticePageForm(LimitedPageForm):
    """The editor's form: an editor writes for their own associations only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # cycle: practices.permissions imports practices.models, which imports this form
        from .permissions import writable_association_ids

        user = self.for_user
        field = self.fields.get("association")
        if field is not None and user is not None:
            if workspace_permissions.is_coordinator(user):
                field.queryset = Association.objects.order_by("name")
                field.empty_label = _("— the CCAS coordination —")
            else:
                ids = writable_association_ids(user)
                current = self.instance.association_id
                if current is not None and current not in ids:
                    # Only the coordinator edits a practice of an association one is not
                    # an editor of; keep its association rather than offer none.
                    ids = ids | {current}
                field.queryset = Association.objects.filter(pk__in=ids).order_by("name")
                field.required = True
                field.empty_label = None
                if not self.instance.pk and len(ids) == 1 and not self.is_bound:
                    self.initial["association"] = next(iter(ids))
        if "slug" in self.fields:
            self.fields["slug"].required = False
        decisions = self.fields.get("cited_decisions")
        if decisions is not None:
            decisions.queryset = (
                Decision.objects.filter(withdrawn=False, confidential=False, minutes__live=True)
                .select_related("meeting")
                .order_by("-meeting__date", "order")
            )
            decisions.label_from_instance = lambda d: f"{d.meeting.date:%d/%m/%Y} — {d.text[:120]}"

    def clean_slug(self):
        """The address is made from the title when left empty (it is in a second tab)."""
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title")
        if title and slug and slug == slugify(title) and strip_tags(title) != title:
            # Made from a title with HTML tags in it (by the editor's script): the letters of
            # the tags ("<b>" gives "b") are not part of the address.
            slug = ""
        if slug or not title or getattr(self, "parent_page", None) is None:
            return slug
        base = slugify(strip_tags(title))[:200] or "pratique"
        slug, n = base, 1
        while not Page._slug_is_available(slug, self.parent_page, self.instance):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def clean(self):
        cleaned = super().clean()
        # A step's details are a block of the "actions" stream: limited here, with the
        # sheet's other texts (``PracticePage.text_limits``).
        measure = RichTextMaxLengthValidator(STEP_TEXT_LIMIT)
        for block in cleaned.get("actions") or []:
            text = block.value.get("text")
            length = measure.clean(text.source) if text is not None else 0
            if length > STEP_TEXT_LIMIT:
                self.add_error(
                    None,
                    _(
                        "The details of the step “%(step)s” are %(length)d characters long: "
                        "%(limit)d at most."
                    )
                    % {
                        "step": block.value.get("title"),
                        "length": length,
                        "limit": STEP_TEXT_LIMIT,
                    },
                )
        return cleaned

    def clean_start_year(self):
        year = self.cleaned_data.get("start_year")
        if year is not None and year > current_year():
            raise ValidationError(
                _("The practice cannot start after this year (%(year)s).")
                % {"year": current_year()}
            )
        return year
