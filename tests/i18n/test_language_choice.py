"""The language a person reads in (issue 17): the browser's Accept-Language, the footer's switch (a
cookie) and, once signed in, the choice saved on their account, which wins over both."""

import html

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from distinguished.audit import api as audit
from distinguished.people import api as people
from tests.factories import TokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    text = response.content.decode()
    return text[text.index("<html") : text.index(">", text.index("<html")) + 1]


def test_the_browser_language_is_used_when_nothing_was_chosen(client):
    response = client.get("/program/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert response["Content-Language"] == "ar"
    response = client.get("/program/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert html_tag(response) == '<html lang="en" dir="ltr">'


def test_the_footer_offers_every_language_in_its_own_name(client):
    text = client.get("/program/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'action="/language/"' in text
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in text and name in text
    assert '<option value="fr" lang="fr" selected>' in text


def test_the_switch_sets_a_cookie_for_a_visitor_and_goes_back(client):
    response = client.post("/language/", {"language": "es", "next": "/directory/"})
    assert response.status_code == 302 and response["Location"] == "/directory/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert html_tag(client.get("/program/", HTTP_ACCEPT_LANGUAGE="fr")) == '<html lang="es" dir="ltr">'


def test_the_switch_saves_a_signed_in_persons_choice_which_wins_over_the_browser(client):
    user = UserFactory(username="polyglot")
    client.force_login(user)
    client.post("/language/", {"language": "fr", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr"
    [event] = audit.events(verb="user.language_chosen")
    assert (event.from_state, event.to_state) == ("", "fr")
    # Another browser (no cookie) that asks for Arabic: the saved choice wins.
    other = client.__class__()
    other.force_login(user)
    assert html_tag(other.get("/program/", HTTP_ACCEPT_LANGUAGE="ar")) == '<html lang="fr" dir="ltr">'


def test_an_unknown_language_is_refused_and_changes_nothing(client):
    user = UserFactory(username="careful", language="es")
    client.force_login(user)
    response = client.post("/language/", {"language": "xx", "next": "/program/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/program/"
    # The refusal names the code, in the language they read (their saved one: Spanish).
    assert html_tag(response) == '<html lang="es" dir="ltr">'
    with translation.override("es"):
        refusal = gettext("“%(code)s” is not a language of this site; choose one of: %(codes)s.")
    assert refusal % {"code": "xx", "codes": "en, fr, es, ar"} in html.unescape(response.content.decode())
    user.refresh_from_db()
    assert user.language == "es"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not audit.events(verb="user.language_chosen").exists()


def test_the_switch_never_sends_anyone_off_the_site(client):
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example.org/"})
    assert response["Location"] == "/"
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example.org/"})
    assert response["Location"] == "/"


def test_the_switch_answers_post_only(client):
    assert client.get("/language/").status_code == 405


def test_choose_language_refuses_what_the_site_does_not_offer():
    user = UserFactory(username="api-user")
    with pytest.raises(ValidationError) as error:
        people.choose_language(user, "klingon")
    assert "language" in error.value.message_dict
    assert people.choose_language(user, "ar") is True
    assert people.choose_language(user, "ar") is False  # no change, no second event
    assert audit.events(verb="user.language_chosen").count() == 1


def test_a_language_no_longer_offered_is_ignored(settings):
    user = UserFactory(username="old-choice", language="de")
    assert people.language_of(user) == ""


# --- REST API --------------------------------------------------------------------------------------


def test_the_api_reads_and_sets_ones_own_language(client_for):
    user = UserFactory(username="api-polyglot")
    api = client_for(user)
    response = api.get("/api/v1/me/language/")
    assert response.status_code == 200
    assert response.json() == {"language": "", "offered": dict(settings.LANGUAGES)}
    response = api.put("/api/v1/me/language/", {"language": "ar"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "ar"
    user.refresh_from_db()
    assert user.language == "ar"


def test_the_api_refuses_an_unknown_language_by_field(client_for):
    user = UserFactory(username="api-careful", language="fr")
    response = client_for(user).put("/api/v1/me/language/", {"language": "tlh"}, format="json")
    assert response.status_code == 400
    assert "“tlh” is not a language of this site" in response.json()["language"][0]
    response = client_for(user).put("/api/v1/me/language/", {}, format="json")
    assert response.status_code == 400 and "language" in response.json()
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_api_asks_a_visitor_to_sign_in(client_for):
    assert client_for(None).get("/api/v1/me/language/").status_code == 401
    assert client_for(None).put("/api/v1/me/language/", {"language": "fr"}, format="json").status_code == 401


def test_the_api_takes_the_choice_back_with_an_empty_language(client_for):
    user = UserFactory(username="api-undecided", language="fr")
    response = client_for(user).put("/api/v1/me/language/", {"language": ""}, format="json")
    assert response.status_code == 200 and response.json()["language"] == ""
    user.refresh_from_db()
    assert user.language == ""
    [event] = audit.events(verb="user.language_chosen")
    assert (event.from_state, event.to_state) == ("fr", "")


def test_the_footer_switch_refuses_an_empty_language(client):
    user = UserFactory(username="switcher", language="es")
    client.force_login(user)
    client.post("/language/", {"language": "", "next": "/"})
    user.refresh_from_db()
    assert user.language == "es"


def test_a_language_django_knows_but_the_site_does_not_offer_sets_no_cookie(client):
    """German has a catalog in Django itself; the site does not offer it: refused, nothing set."""
    response = client.post("/language/", {"language": "de", "next": "/program/"})
    assert response["Location"] == "/program/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_an_api_client_with_a_token_is_answered_in_the_language_it_saved():
    """A token is read when the view runs, after the middleware that applies a saved language."""
    from rest_framework.test import APIClient

    user = UserFactory(username="token-reader", language="fr")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=user).key}", HTTP_ACCEPT_LANGUAGE="es")
    response = client.post("/api/v1/nominations/", {}, format="json")
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "fr"
    assert "Ce champ est obligatoire." in response.content.decode()
    anonymous = APIClient(HTTP_ACCEPT_LANGUAGE="es").get("/api/v1/me/language/")
    assert anonymous.headers["Content-Language"] == "es"  # no token: the browser's language still
