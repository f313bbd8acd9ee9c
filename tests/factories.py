import factory
from django.conf import settings
from django.contrib.auth.models import Group

from workspace import roles, services
from workspace.models import Association, Neighbourhood, Role, User

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


__all__ = [
    "AssociationFactory",
    "UserFactory",
    "make_member",
    "make_coordinator",
    "make_agent",
    "PASSWORD",
    "settings",
]
