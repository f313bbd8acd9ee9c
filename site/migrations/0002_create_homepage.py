"""Replace Wagtail's default root page with the network's home page.

Its text is taken from the practice sheet published by the RESOLIS journal under
Creative Commons Attribution 3.0 (see ../shared/seed/), and stays editable in the admin.
"""

from django.db import migrations

TITLE = "Le réseau d'aide alimentaire de Roubaix"

LEAD = (
    "Depuis 2014, le CCAS de Roubaix coordonne un réseau d'associations caritatives du champ "
    "de l'aide alimentaire, afin de répondre efficacement aux besoins des personnes en difficulté "
    "et de favoriser l'entraide entre ces structures locales."
)

BODY = """<h2>Nos objectifs</h2>
<ul>
<li>Renforcer les relations entre les associations d'aide alimentaire du territoire.</li>
<li>Permettre l'échange de pratiques et de savoir-faire.</li>
<li>Améliorer l'efficacité dans la réponse aux besoins alimentaires.</li>
<li>Repérer et comprendre les nouvelles problématiques émergentes.</li>
</ul>
<h2>Comment nous travaillons</h2>
<p>Tous les deux mois, une réunion itinérante se tient, à tour de rôle, dans les locaux d'une des associations, animée par le directeur de l'action sociale du CCAS. Objectifs : mieux se connaître, partager les problèmes actuels, échanger sur les situations rencontrées, prendre connaissance des modes opératoires existants et créer des partenariats.</p>
<p>Les fiches de liaison précisent les spécificités de chaque association ; elles aident les agents d'orientation du CCAS à orienter chaque personne vers le bon endroit. Les petites associations peuvent y faire connaître leurs heures d'ouverture, leurs personnes référentes, leurs lieux et leurs principales activités : le public roubaisien se dirige volontiers vers de petites structures familiales, à l'échelle d'un quartier.</p>
<h2>Nos principes</h2>
<ul>
<li>Prendre en compte toutes les associations, quelle que soit leur envergure, que l'aide alimentaire soit leur objet principal ou un complément d'autres activités.</li>
<li>Co-construire la coordination entre les structures.</li>
<li>Fixer des objectifs humbles, ne pas être interventionniste, ne pas chercher à tout regrouper : ouverture d'esprit.</li>
</ul>"""

CREDIT = (
    "<p>Présentation d'après la fiche pratique « Le CCAS de Roubaix coordonne un réseau "
    "d'associations d'aide alimentaire », publiée par le "
    '<a href="https://www.resolis.org/">Journal RESOLIS</a> sous licence '
    '<a href="https://creativecommons.org/licenses/by/3.0/deed.fr">Creative Commons '
    "Attribution 3.0</a>.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("entraide.HomePage")

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="entraide")
    locale = Locale.objects.first()
    homepage = HomePage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug="accueil",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        lead=LEAD,
        body=BODY,
        credit=CREDIT,
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, site_name="Entraide", root_page=homepage, is_default_site=True
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("entraide.HomePage")
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage.objects.filter(slug="accueil", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="entraide").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entraide", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
