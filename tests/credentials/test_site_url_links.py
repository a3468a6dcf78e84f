"""A credential names the site by SITE_URL, whichever address the request came to."""

import json
import re

import pytest

SITE = "https://dcp.example.test"
# Vocabularies and schemas a credential names, and the program's own web site (the issuer's `url`
# in the program definition); every other address is ours.
OUTSIDE = (
    "https://www.w3.org/",
    "https://purl.imsglobal.org/",
    "https://w3id.org/",
    "https://www.linkedin.com/",
    "https://openedx.org/",
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]


def test_every_address_of_ours_in_a_credential_starts_with_site_url(client, document):
    served = client.get(
        document["id"].removeprefix(SITE), HTTP_HOST="localhost:8101", HTTP_ACCEPT="application/json"
    )
    assert served.status_code == 200
    for text in (json.dumps(document), served.content.decode()):
        addresses = {a for a in re.findall(r"https?://[^\s\"'<>]+", text) if not a.startswith(OUTSIDE)}
        strangers = sorted(a for a in addresses if not (a.startswith(SITE + "/") or a == SITE))
        assert addresses and not strangers, strangers
