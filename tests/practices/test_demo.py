"""The demo: the source document is the first practice, credited to RESOLIS under CC BY 3.0."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from practices.demo import RESOLIS_SLUG
from practices.models import Adoption, Licence, PracticePage, PracticePresentation, Visibility
from tests.utils import text


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    mail.outbox.clear()
    call_command("load_demo", verbosity=0)


def test_the_source_document_is_the_first_practice(demo, client):
    first = PracticePage.objects.live().order_by("first_published_at", "pk").first()
    assert first.slug == RESOLIS_SLUG
    assert first.association is None  # run by the CCAS
    assert first.licence == Licence.CC_BY_3
    assert first.visibility == Visibility.PUBLIC
    assert first.start_year == 2014 and first.place == "Roubaix"
    assert "26 184 inscriptions" in str(first.actions.raw_data)
    assert "Co-construction de la coordination des structures" in first.success_factors
    assert first.citation() == (
        "CCAS de Roubaix, « Le CCAS de Roubaix coordonne un réseau d'associations d'aide "
        "alimentaire », Journal RESOLIS, https://www.resolis.org/. "
        "Licence : Creative Commons Attribution 3.0 (CC BY 3.0)."
    )
    content = text(client.get(first.url))
    assert "Journal RESOLIS" in content
    assert "Creative Commons Attribution 3.0 (CC BY 3.0)" in content
    assert "Les associations ne trouvent pas de consensus sur tous les sujets." in content


def test_demo_practices_adoptions_questions_and_links(demo, client):
    practices = PracticePage.objects.live()
    assert practices.count() >= 6
    assert practices.filter(visibility=Visibility.NETWORK).count() >= 2
    assert practices.public().count() == practices.filter(visibility=Visibility.PUBLIC).count()
    assert Adoption.objects.count() >= 6
    assert XtdComment.objects.filter(content_type__model="practicepage").count() >= 4
    assert PracticePresentation.objects.exists()
    assert mail.outbox == []  # the demo sends no e-mail
    listing = text(client.get("/pratiques/"))
    for page in practices.filter(visibility=Visibility.NETWORK):
        assert page.title not in listing
        assert client.get(page.url).status_code == 404


def test_demo_twice_changes_nothing(demo):
    counts = (PracticePage.objects.count(), Adoption.objects.count(), XtdComment.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        PracticePage.objects.count(),
        Adoption.objects.count(),
        XtdComment.objects.count(),
    ) == counts
