"""The list: filters (theme, association, neighbourhood, year, readers), sorting, paging, and
a number of queries that does not grow with the number of practices and adoptions."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from practices.models import Adoption, PracticeIndexPage, PracticePage, Visibility
from tests.factories import AssociationFactory
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace.bootstrap import restrict_to_network
from workspace.models import Neighbourhood, Theme


def titles(response):
    return [practice.title for practice in response.context["practices"]]


def test_filters_by_theme_association_neighbourhood_and_year(
    client, index, association_a, association_b
):
    association_b.neighbourhood = Neighbourhood.EPEULE
    association_b.save()
    hygiene, volunteers = Theme.objects.get(slug="hygiene"), Theme.objects.get(slug="benevoles")
    make_practice(
        index, association_a, title="Hygiène des locaux", themes=[hygiene], start_year=2019
    )
    make_practice(index, association_b, title="Planning", themes=[volunteers], start_year=2022)
    make_practice(
        index,
        association_a,
        title="Ramasse au Pile",
        neighbourhood=Neighbourhood.PILE,
        start_year=2022,
    )
    assert titles(client.get("/pratiques/", {"theme": hygiene.pk})) == ["Hygiène des locaux"]
    assert sorted(titles(client.get("/pratiques/", {"association": association_a.pk}))) == [
        "Hygiène des locaux",
        "Ramasse au Pile",
    ]
    # A practice without its own neighbourhood is in its association's.
    assert titles(client.get("/pratiques/", {"neighbourhood": "epeule"})) == ["Planning"]
    assert titles(client.get("/pratiques/", {"neighbourhood": "pile"})) == ["Ramasse au Pile"]
    assert sorted(titles(client.get("/pratiques/", {"year": "2022"}))) == [
        "Planning",
        "Ramasse au Pile",
    ]
    both = client.get("/pratiques/", {"year": "2022", "association": association_b.pk})
    assert titles(both) == ["Planning"]


def test_a_bad_filter_value_says_so_and_lists_everything(client, index, association_a):
    make_practice(index, association_a)
    response = client.get("/pratiques/", {"year": "1800", "theme": "abc"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert titles(response) == ["Un planning partagé des bénévoles"]


def test_sort_by_newest_or_most_adopted(client, index, association_a, association_b):
    old = make_practice(index, association_a, title="Ancienne")
    new = make_practice(index, association_a, title="Récente")
    PracticePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=30)
    )
    for n in range(3):
        Adoption.objects.create(practice=old, association=AssociationFactory(slug=f"adoptante-{n}"))
    Adoption.objects.create(practice=new, association=association_b)
    assert titles(client.get("/pratiques/")) == ["Récente", "Ancienne"]
    assert titles(client.get("/pratiques/", {"sort": "adopted"})) == ["Ancienne", "Récente"]
    content = text(client.get("/pratiques/", {"sort": "adopted"}))
    assert "adoptée par 3 associations" in content


def bulk_practices(index, associations, count, themes, prefix="pratique"):
    """``count`` published practices under the index, written straight to the tables."""
    index = PracticeIndexPage.objects.get(pk=index.pk)
    content_type = ContentType.objects.get_for_model(PracticePage)
    now = timezone.now()
    first = index.numchild
    pages = []
    for n in range(count):
        step = first + n + 1
        pages.append(
            Page(
                title=f"Pratique {prefix} {n}",
                draft_title=f"Pratique {prefix} {n}",
                slug=f"{prefix}-{n}",
                path=PracticeIndexPage._get_path(index.path, index.depth + 1, step),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{prefix}-{n}/",
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now - datetime.timedelta(minutes=n),
                last_published_at=now,
                locale_id=index.locale_id,
            )
        )
    Page.objects.bulk_create(pages)
    created = Page.objects.filter(
        path__startswith=index.path, depth=index.depth + 1, slug__startswith=f"{prefix}-"
    )
    for n, page in enumerate(created):
        practice = PracticePage(
            page_ptr_id=page.pk,
            summary="Un résumé de pratique partagée par une association du réseau.",
            association=associations[n % len(associations)],
            visibility=Visibility.PUBLIC if n % 2 else Visibility.NETWORK,
            start_year=2015 + n % 10,
        )
        practice.save_base(raw=True)
        if practice.visibility == Visibility.NETWORK:
            restrict_to_network(page)
    Page.objects.filter(pk=index.pk).update(numchild=first + count)
    practices = list(PracticePage.objects.filter(slug__startswith=f"{prefix}-"))
    through = PracticePage.themes.through
    through.objects.bulk_create(
        [
            through(practicepage_id=p.pk, theme_id=themes[n % len(themes)].pk)
            for n, p in enumerate(practices)
        ]
        + [
            through(practicepage_id=p.pk, theme_id=themes[(n + 1) % len(themes)].pk)
            for n, p in enumerate(practices)
        ]
    )
    adoptions = []
    for n, practice in enumerate(practices):
        for association in associations[: 1 + n % 3]:
            if association.pk != practice.association_id:
                adoptions.append(Adoption(practice=practice, association=association))
    Adoption.objects.bulk_create(adoptions)
    return practices


def count_queries(client, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get("/pratiques/", params or {})
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_query_count_does_not_grow_with_practices_and_adoptions(client_for, index, member_b):
    associations = [AssociationFactory(slug=f"asso-{n}") for n in range(6)]
    themes = list(Theme.objects.all())
    bulk_practices(index, associations, 3, themes)
    client = client_for(member_b)
    client.get("/pratiques/")  # warm the caches (site root paths, content types)
    small, response = count_queries(client)
    assert len(response.context["practices"]) == 3
    bulk_practices(index, associations, 500, themes, prefix="masse")
    assert PracticePage.objects.live().count() == 503
    assert Adoption.objects.count() > 500
    large, response = count_queries(client)
    assert len(response.context["practices"]) == 20
    assert response.context["count"] == 503
    assert large == small, (small, large)
    for params in ({"sort": "adopted"}, {"theme": themes[0].pk, "page": "3"}):
        again, response = count_queries(client, params)
        assert again <= small + 1, (params, again, small)
    anonymous, response = count_queries(client_for(None))
    assert response.context["count"] == PracticePage.objects.live().public().count() == 251
    assert anonymous <= small
