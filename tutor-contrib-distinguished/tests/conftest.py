import pytest
import yaml
from tutor_project import inside_tutor, tutor


@pytest.fixture(scope="session")
def root(tmp_path_factory):
    """The path an operator takes: enable the plugin, save the configuration."""
    root = tmp_path_factory.mktemp("tutor-root")
    tutor(root, "plugins", "enable", "distinguished")
    tutor(root, "config", "save")
    return root


@pytest.fixture(scope="session")
def config(root) -> dict:
    return yaml.safe_load((root / "config.yml").read_text())


@pytest.fixture(scope="session")
def tutor_state(root) -> dict:
    return inside_tutor(root)


@pytest.fixture(scope="session")
def init_tasks(tutor_state) -> list[tuple[str, str]]:
    return [tuple(task) for task in tutor_state["tasks"]]
