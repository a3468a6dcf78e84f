import pytest

from ..standin_lms.fixtures import other_key, standin_key, standin_lms  # noqa: F401
from ..standin_lms.tokens import claims_for, sign

ISSUER = "http://lms.test/oauth2"


@pytest.fixture
def lms_jwt(settings, standin_key):  # noqa: F811
    """The app trusts the stand-in LMS's key (issuer ISSUER, audience "openedx"); `lms_jwt(person,
    **claims)` is a JWT the LMS would issue about them (a stand-in LMS user object or any object with
    its fields), with `claims` changed."""
    settings.JWT_AUTH = {
        **settings.JWT_AUTH,
        "JWT_ISSUERS": [{"ISSUER": ISSUER, "AUDIENCE": "openedx", "SECRET_KEY": ""}],
        "JWT_PUBLIC_SIGNING_JWK_SET": standin_key.jwk_set,
    }

    def make(person, *, key=None, algorithm="RS512", **changes):
        claims = {**claims_for(person, issuer=ISSUER, audience="openedx"), **changes}
        return sign(claims, (key or standin_key).key, algorithm)

    return make
