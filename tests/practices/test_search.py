"""French full-text search of practices: accents everywhere, plurals on PostgreSQL (and on
SQLite through the stems), permissions always."""

import pytest
from django.db import connection

from practices.models import PracticePage, Visibility
from practices.search import search_ids
from practices.stems import stems
from tests.practices.conftest import make_practice
from tests.utils import text

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the french_unaccent configuration is PostgreSQL's"
)


@pytest.fixture
def library(index, association_a, association_b):
    return {
        "volunteers": make_practice(
            index,
            association_a,
            title="Un planning partagé",
            summary="Chaque bénévole s'inscrit sur le planning du mois.",
            context="<p>Les distributions manquaient de bras.</p>",
        ),
        "cold": make_practice(
            index,
            association_b,
            title="Relever la température du camion",
            summary="La chaîne du froid se prouve à chaque ramasse.",
            context="<p>Un thermomètre enregistreur.</p>",
        ),
        "hidden": make_practice(
            index,
            association_b,
            title="Accueil des personnes sans papiers",
            summary="Des bénévoles formés à l'écoute accueillent sans justificatif.",
            visibility=Visibility.NETWORK,
        ),
    }


def found(query, queryset=None):
    queryset = PracticePage.objects.live() if queryset is None else queryset
    return set(
        PracticePage.objects.filter(pk__in=search_ids(queryset, query)).values_list(
            "title", flat=True
        )
    )


VOLUNTEERS = {"Un planning partagé", "Accueil des personnes sans papiers"}


@pytest.mark.parametrize("query", ["bénévole", "benevole", "BÉNÉVOLE", "Benevole"])
def test_accents_and_case_do_not_matter(library, query):
    assert found(query) == VOLUNTEERS


@pytest.mark.parametrize("query", ["chaine du froid", "chaîne", "temperature", "THERMOMETRE"])
def test_accents_do_not_matter_anywhere(library, query):
    assert found(query) == {"Relever la température du camion"}


@pytest.mark.parametrize("query", ["bénévoles", "benevoles", "chaînes du froid", "thermomètres"])
def test_plurals_find_the_singular(library, query):
    expected = (
        VOLUNTEERS
        if "bénévol" in query or "benevol" in query
        else {"Relever la température du camion"}
    )
    assert found(query) == expected


@postgresql_only
def test_postgresql_uses_french_unaccent(library, settings):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "french_unaccent"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Des bénévoles')::text")
        assert "'benevol':2" in cursor.fetchone()[0]
        cursor.execute("SELECT plainto_tsquery('french_unaccent', 'benevole')::text")
        assert cursor.fetchone()[0] == "'benevol'"
    # The search itself, without the SQLite stems: Wagtail's PostgreSQL backend.
    queryset = PracticePage.objects.live()
    for query in ("benevole", "bénévole", "bénévoles", "Bénévoles"):
        ids = [page.pk for page in queryset.search(query, operator="and")]
        assert {p.title for p in PracticePage.objects.filter(pk__in=ids)} == VOLUNTEERS


def test_stems_are_unaccented_french_stems():
    assert stems("Les bénévoles") == stems("le benevole")
    assert "benevol" in stems("bénévolement").split() or "benevol" in stems("bénévoles").split()


def test_search_never_finds_what_the_reader_may_not_see(client_for, library, member_b):
    anonymous = text(client_for(None).get("/pratiques/", {"q": "bénévoles"}))
    assert "Un planning partagé" in anonymous
    assert "Accueil des personnes sans papiers" not in anonymous
    member = text(client_for(member_b).get("/pratiques/", {"q": "bénévoles"}))
    assert "Un planning partagé" in member and "Accueil des personnes sans papiers" in member


def test_search_by_theme_tag_and_association_name(library, association_b):
    from workspace.models import Theme

    page = library["cold"]
    page.themes.set([Theme.objects.get(slug="hygiene")])
    page.tags.set(["ramasse du matin"])
    page.save_revision().publish()
    assert found("hygiène") == {"Relever la température du camion"}
    assert found("matin") == {"Relever la température du camion"}
    assert "Relever la température du camion" in found("Association B")


def test_search_box_keeps_the_query_and_says_when_nothing_matches(client, library):
    response = client.get("/pratiques/", {"q": "xylophone"})
    content = text(response)
    assert 'value="xylophone"' in content
    assert "Aucune pratique ne correspond" in content


def test_network_search_finds_practices_the_reader_may_read(client_for, library, member_b):
    from django.urls import reverse

    anonymous = text(client_for(None).get(reverse("search"), {"q": "bénévoles"}))
    assert "Un planning partagé" in anonymous
    assert "Accueil des personnes sans papiers" not in anonymous
    member = text(client_for(member_b).get(reverse("search"), {"q": "benevoles"}))
    assert "Un planning partagé" in member and "Accueil des personnes sans papiers" in member
