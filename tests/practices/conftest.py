import pytest

from practices import bootstrap as practices_setup
from practices.models import PracticeIndexPage, PracticePage, Visibility


@pytest.fixture
def index(db):
    return practices_setup.ensure_all()


def make_practice(
    index,
    association,
    title="Un planning partagé des bénévoles",
    visibility=Visibility.PUBLIC,
    publish=True,
    user=None,
    **fields,
):
    """A practice page under /pratiques/, published like the coordinator would."""
    defaults = {
        "summary": "Chaque bénévole s'inscrit sur un planning affiché et en ligne.",
        "context": "<p>Les distributions manquaient de bras le vendredi.</p>",
        "objectives": "<ul><li>Ne plus annuler de distribution</li></ul>",
        "start_year": 2021,
    }
    defaults.update(fields)
    themes = defaults.pop("themes", [])
    page = PracticePage(
        title=title, association=association, visibility=visibility, live=False, **defaults
    )
    index = PracticeIndexPage.objects.get(pk=index.pk)
    index.add_child(instance=page)
    if themes:
        page.themes.set(themes)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


@pytest.fixture
def practice_a(index, association_a, editor_a):
    return make_practice(index, association_a, user=editor_a)


@pytest.fixture
def network_practice_a(index, association_a, editor_a):
    return make_practice(
        index,
        association_a,
        title="Accueil sans justificatif",
        visibility=Visibility.NETWORK,
        user=editor_a,
        summary="Nous accueillons sans demander de papiers, puis nous orientons.",
    )
