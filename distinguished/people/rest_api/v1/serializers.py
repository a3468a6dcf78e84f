"""Serializers of the people API: they parse and shape; `people.api` decides."""

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from ...enums import ContributorKind, SizeTier
from ...models import Contributor, User

PUBLIC_FIELDS = ["id", "kind", "name", "organization", "country", "website", "github", "forum"]
PRIVATE_FIELDS = [
    "email",
    "slack",
    "slack_id",
    "size_tier",
    "employees",
    "bio",
    "listed_publicly",
    "created",
    "updated",
]


class ContributorSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ContributorKind.choices)
    size_tier = serializers.ChoiceField(choices=SizeTier.choices, required=False, allow_blank=True)
    country = CountryField(required=False, allow_blank=True)
    # Any contributor: people.api says "X is a person, not an organization" when it is one,
    # which a caller can act on better than "object does not exist".
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Contributor.objects.all(), required=False, allow_null=True
    )
    email = serializers.EmailField(required=False, allow_blank=True)

    class Meta:
        model = Contributor
        fields = PUBLIC_FIELDS + PRIVATE_FIELDS
        read_only_fields = ["id", "created", "updated"]
        # Uniqueness is checked by people.api (case-insensitively) in the same transaction.
        validators = []


class PublicContributorSerializer(ContributorSerializer):
    """What anyone may read about a contributor."""

    class Meta(ContributorSerializer.Meta):
        fields = PUBLIC_FIELDS


class RolesField(serializers.ListField):
    """Role codes in; the user's granted roles (`UserRole` rows), sorted, out."""

    child = serializers.CharField()

    def get_attribute(self, instance):
        return sorted(grant.role for grant in instance.roles.all())


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    roles = RolesField(required=False, default=list)
    contributor = serializers.PrimaryKeyRelatedField(
        queryset=Contributor.objects.all(), required=False, allow_null=True
    )
    username = serializers.CharField(max_length=150)

    class Meta:
        model = User
        fields = ["id", "username", "email", "password", "name", "roles", "contributor"]
        read_only_fields = ["id"]
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
