"""The schema fuzzing runs when asked for: `pytest -m api_fuzz` or DISTINGUISHED_API_FUZZ=1 (CI's
stage "API schema fuzzing" does). It takes minutes, so `make test` skips it and says how to run it."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    asked = os.environ.get("DISTINGUISHED_API_FUZZ") == "1" or "api_fuzz" in (config.option.markexpr or "")
    if asked:
        return
    skip = pytest.mark.skip(
        reason="schema fuzzing of a live server takes minutes: run `pytest -m api_fuzz` (CI runs it in a stage of its own)"
    )
    for item in items:
        if item.get_closest_marker("api_fuzz"):
            item.add_marker(skip)
