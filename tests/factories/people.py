"""People: contributors (persons and organizations), users and their roles."""

import factory

from distinguished.people.models import Contributor, User, UserRole


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    kind = "person"
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    github = factory.Sequence(lambda n: f"gh-person-{n}")


class OrganizationFactory(ContributorFactory):
    kind = "organization"
    name = factory.Sequence(lambda n: f"Organization {n}")
    email = factory.Sequence(lambda n: f"org{n}@example.org")
    github = factory.Sequence(lambda n: f"gh-org-{n}")
    size_tier = "smaller"
    employees = 20


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            UserRole.objects.create(user=self, role=role)
        if create:
            self.save()


class UserRoleFactory(factory.django.DjangoModelFactory):
    """A role given to a user (`UserFactory(roles=[...])` gives them at creation)."""

    class Meta:
        model = UserRole

    user = factory.SubFactory(UserFactory)
    role = "panelist"


class TokenFactory(factory.django.DjangoModelFactory):
    """A user's API token (its key made on save)."""

    class Meta:
        model = "authtoken.Token"

    user = factory.SubFactory(UserFactory)
