import factory
from django.conf import settings
from django.contrib.auth.models import Group

from workspace import roles
from workspace.models import Association, Neighbourhood, Role, User
from workspace.services import memberships as services

PASSWORD = "un-mot-de-passe-solide-42"


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Association n°{n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    neighbourhood = Neighbourhood.CENTRE
    address = factory.Sequence(lambda n: f"{n} rue du Test")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_member(association, role=Role.MEMBER, **kwargs):
    user = UserFactory(**kwargs)
    services.add_membership(user, association, role)
    return user


def make_coordinator(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=roles.COORDINATORS)[0])
    return user


def make_agent(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=roles.ORIENTATION_AGENTS)[0])
    return user


def make_meeting(coordinator, days_ahead=20, host=None, start=(9, 30), end=(12, 0), **kwargs):
    """A meeting planned through the same service as the planning form."""
    import datetime

    from django.utils import timezone

    from workspace.services import meetings as meeting_services

    return meeting_services.plan_meeting(
        coordinator,
        date=timezone.localdate() + datetime.timedelta(days=days_ahead),
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        host=host,
        **kwargs,
    )


def make_topic(association, user, meeting=None, **kwargs):
    from workspace.models import Topic

    defaults = {"title": "Un sujet", "description": "Une description", "estimated_minutes": 15}
    defaults.update(kwargs)
    return Topic.objects.create(
        association=association, proposed_by=user, meeting=meeting, **defaults
    )


__all__ = [
    "make_meeting",
    "make_topic",
    "AssociationFactory",
    "UserFactory",
    "make_member",
    "make_coordinator",
    "make_agent",
    "PASSWORD",
    "settings",
]
