"""Forms of the people pages. They collect input; `api.py` decides."""

from django import forms
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .enums import ContributorKind, Role, SizeTier
from .models import Contributor


class ContributorForm(forms.Form):
    kind = forms.ChoiceField(choices=ContributorKind.choices)
    name = forms.CharField(max_length=200)
    email = forms.EmailField(required=False)
    github = forms.CharField(label="GitHub login", max_length=39, required=False)
    forum = forms.CharField(
        label="Forum username",
        max_length=60,
        required=False,
        help_text="Your username on discuss.openedx.org.",
    )
    slack = forms.CharField(label="Slack handle", max_length=80, required=False)
    slack_id = forms.CharField(
        label="Slack member ID",
        max_length=20,
        required=False,
        help_text="Like U024BE7LH (in Slack: your profile, ⋮, “Copy member ID”): answers on the "
        "community Slack count as yours. Without it, your e-mail is matched against Slack's.",
    )
    organization = forms.ModelChoiceField(
        queryset=Contributor.objects.filter(kind=ContributorKind.ORGANIZATION),
        required=False,
        label="Affiliation",
        help_text="The organization this person works for or represents.",
    )
    size_tier = forms.ChoiceField(
        choices=[("", "—"), *SizeTier.choices],
        required=False,
        label="Partner size",
        help_text="Organizations only: larger partners are measured in absolute terms, smaller ones relative to their size.",
    )
    employees = forms.IntegerField(min_value=1, required=False, help_text="Organizations only.")
    country = LazyTypedChoiceField(choices=[("", "—"), *countries], required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)
    listed_publicly = forms.BooleanField(required=False, label="List in the public directory once recognized")

    def __init__(self, *args, own_profile: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if own_profile:
            for name in ("kind", "size_tier", "employees"):
                del self.fields[name]

    def contributor_fields(self) -> dict:
        return dict(self.cleaned_data)


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    name = forms.CharField(label="Full name", max_length=200, required=False)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, help_text="At least 8 characters, not all digits.")
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    contributor = forms.ModelChoiceField(
        queryset=Contributor.objects.filter(kind=ContributorKind.PERSON, user__isnull=True),
        required=False,
        label="Contributor profile",
        help_text="Link the account to the person's contributor profile.",
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class SignUpForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="Letters, digits and @/./+/-/_ only.")
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(help_text="Where nominations and endorsement requests reach you.")
    password = forms.CharField(widget=forms.PasswordInput, help_text="At least 8 characters, not all digits.")
