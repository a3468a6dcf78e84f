"""Forms of the people pages. They collect input; `api.py` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .enums import ContributorKind, Role, SizeTier
from .models import Contributor


class ContributorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    github = forms.CharField(label=_("GitHub login"), max_length=39, required=False)
    forum = forms.CharField(
        label=_("Forum username"),
        max_length=60,
        required=False,
        help_text=_("Your username on discuss.openedx.org."),
    )
    slack = forms.CharField(label=_("Slack handle"), max_length=80, required=False)
    slack_id = forms.CharField(
        label=_("Slack member ID"),
        max_length=20,
        required=False,
        help_text=_(
            "Like U024BE7LH (in Slack: your profile, ⋮, “Copy member ID”): answers on the "
            "community Slack count as yours. Without it, your e-mail is matched against Slack's."
        ),
    )
    organization = forms.ModelChoiceField(
        queryset=Contributor.objects.filter(kind=ContributorKind.ORGANIZATION),
        required=False,
        label=_("Affiliation"),
        help_text=_("The organization this person works for or represents."),
    )
    size_tier = forms.ChoiceField(
        choices=[("", "—"), *SizeTier.choices],
        required=False,
        label=_("Partner size"),
        help_text=_(
            "Organizations only: larger partners are measured in absolute terms, smaller ones relative to their size."
        ),
    )
    employees = forms.IntegerField(
        label=_("Employees"), min_value=1, required=False, help_text=_("Organizations only.")
    )
    country = LazyTypedChoiceField(label=_("Country"), choices=[("", "—"), *countries], required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    bio = forms.CharField(
        label=_("Bio"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    listed_publicly = forms.BooleanField(
        required=False, label=_("List in the public directory once recognized")
    )

    def __init__(self, *args, own_profile: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if own_profile:
            for name in ("kind", "size_tier", "employees"):
                del self.fields[name]

    def contributor_fields(self) -> dict:
        return dict(self.cleaned_data)


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, help_text=_("At least 8 characters, not all digits.")
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    contributor = forms.ModelChoiceField(
        queryset=Contributor.objects.filter(kind=ContributorKind.PERSON, user__isnull=True),
        required=False,
        label=_("Contributor profile"),
        help_text=_("Link the account to the person's contributor profile."),
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("Letters, digits and @/./+/-/_ only.")
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Where nominations and endorsement requests reach you.")
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, help_text=_("At least 8 characters, not all digits.")
    )
