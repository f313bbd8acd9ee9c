"""The board's filters: need or offer, category, state (open by default)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..forms.board import capitalised
from ..models import BoardCategory, Post, PostKind, PostStatus


class BoardFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Needs or offers"), choices=capitalised(PostKind.choices), empty_label=_("Both")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=capitalised(BoardCategory.choices),
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=capitalised(PostStatus.choices), empty_label=_("All states")
    )

    class Meta:
        model = Post
        fields = ["kind", "category", "status"]

    def __init__(self, data=None, *args, **kwargs):
        # Without any choice made, the open posts.
        if not data:
            data = {"status": PostStatus.OPEN}
        super().__init__(data, *args, **kwargs)
