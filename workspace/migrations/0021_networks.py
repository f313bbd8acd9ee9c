"""Several networks in one installation: the first network is the one that existed.

The network is made of the default Wagtail site (its host and home page) and of the groups
that held the roles ("Coordination", "Agents d'orientation", "Réseau", "Secrétaires de
séance"): every row and every address stays as it was. Then every row that names its network
is given it, the network settings become the site's, and an association's name and short
name are unique in its network.
"""

import django.db.models.deletion
from django.db import migrations, models

import workspace.networks

# The network that existed before several: the town of the source document.
FIRST_NETWORK_NAME = "Réseau d'aide alimentaire de Roubaix"

ROLE_GROUPS = {
    "coordinators": "Coordination",
    "orientation_agents": "Agents d'orientation",
    "members": "Réseau",
    "secretaries": "Secrétaires de séance",
}
NAMED = [
    "association",
    "categoryfollow",
    "consultation",
    "discussion",
    "event",
    "post",
    "publishedperiod",
    "sheetimport",
    "topic",
]


def first_network(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    Network = apps.get_model("workspace", "Network")
    NetworkSettings = apps.get_model("workspace", "NetworkSettings")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        if any(apps.get_model("workspace", name).objects.exists() for name in NAMED):
            raise RuntimeError("Rows of the network exist but there is no Wagtail site.")
        NetworkSettings.objects.all().delete()
        return  # a new database: workspace.bootstrap creates the first network
    groups = {
        role: Group.objects.get_or_create(name=name)[0] for role, name in ROLE_GROUPS.items()
    }
    network = Network.objects.create(
        name=FIRST_NETWORK_NAME, slug="roubaix", town="Roubaix", site=site, **groups
    )
    for name in NAMED:
        apps.get_model("workspace", name).objects.update(network=network)
    settings_rows = list(NetworkSettings.objects.order_by("pk"))
    for extra in settings_rows[1:]:
        extra.delete()
    if settings_rows:
        settings_rows[0].site = site
        settings_rows[0].save(update_fields=["site"])


def network_field(related_name="+", null=False):
    return models.ForeignKey(
        default=None if null else workspace.networks.current_or_default_id,
        null=null,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="workspace.network",
        verbose_name="network",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("entraide", "0003_random_file_names"),
        ("workspace", "0020_sheet_logo_verified"),
    ]

    operations = [
        migrations.CreateModel(
            name="Network",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True, verbose_name="name")),
                ("slug", models.SlugField(max_length=60, unique=True, verbose_name="short name")),
                ("town", models.CharField(max_length=100, verbose_name="town")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created on")),
                (
                    "coordinators",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="coordinated_network",
                        to="auth.group",
                    ),
                ),
                (
                    "members",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="members_network",
                        to="auth.group",
                    ),
                ),
                (
                    "orientation_agents",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agents_network",
                        to="auth.group",
                    ),
                ),
                (
                    "secretaries",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="secretaries_network",
                        to="auth.group",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="network",
                        to="wagtailcore.site",
                        verbose_name="site",
                    ),
                ),
            ],
            options={
                "verbose_name": "network",
                "verbose_name_plural": "networks",
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="networksettings",
            name="site",
            field=models.OneToOneField(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
        *[
            migrations.AddField(
                model_name=name,
                name="network",
                field=network_field("associations" if name == "association" else "+", null=True),
            )
            for name in NAMED
        ],
        migrations.RunPython(first_network, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="network",
                field=network_field("associations" if name == "association" else "+"),
            )
            for name in NAMED
        ],
        migrations.AlterField(
            model_name="networksettings",
            name="site",
            field=models.OneToOneField(
                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="categoryfollow",
            name="one_follow_per_category",
        ),
        migrations.RemoveConstraint(
            model_name="publishedperiod",
            name="one_publication_per_period",
        ),
        migrations.AlterField(
            model_name="association",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="association",
            name="slug",
            field=models.SlugField(max_length=80, verbose_name="short name"),
        ),
        migrations.AddConstraint(
            model_name="association",
            constraint=models.UniqueConstraint(
                fields=("network", "name"),
                name="association_name_unique_in_network",
                violation_error_message="An association of this network already has this name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="association",
            constraint=models.UniqueConstraint(
                fields=("network", "slug"),
                name="association_slug_unique_in_network",
                violation_error_message="An association of this network already has this short name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="categoryfollow",
            constraint=models.UniqueConstraint(
                fields=("user", "network", "category"), name="one_follow_per_category"
            ),
        ),
        migrations.AddConstraint(
            model_name="publishedperiod",
            constraint=models.UniqueConstraint(
                fields=("network", "period_kind", "period_start"),
                name="one_publication_per_period",
            ),
        ),
    ]
