"""A stand-in for the Open edX LMS in the tests of "Sign in with Open edX" and of the LMS's JWTs: a
small Django project on django-oauth-toolkit (what the LMS's OAuth2 provider is built on), serving
the LMS's endpoints with the same shapes (`/oauth2/authorize`, `/oauth2/access_token` with JWT access
tokens, `/api/user/v1/me`, `/api/user/v1/accounts/{username}`). `python -m tests.standin_lms` runs it
(see __main__.py); tests/openedx_fixtures.py starts it on a local port."""
