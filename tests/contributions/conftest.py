import pytest

from .fake_servers import FakeDiscourse, FakeGitHub, FakeTime


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def github(httpserver, settings):
    """A fake GitHub on a local port, with GITHUB_API_URL pointing at it."""
    server = FakeGitHub(httpserver)
    settings.GITHUB_API_URL = server.url
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_MAJOR_MIN_CHANGES = 500
    settings.GITHUB_MAJOR_LABELS = ["major", "architecture"]
    yield server
    httpserver.check_handler_errors()


@pytest.fixture
def discourse(httpserver, settings):
    """A fake Discourse forum on a local port, with DISCOURSE_URL pointing at it."""
    server = FakeDiscourse(httpserver)
    settings.DISCOURSE_URL = server.url
    settings.DISCOURSE_API_KEY = ""
    settings.DISCOURSE_API_USERNAME = ""
    yield server
    httpserver.check_handler_errors()
