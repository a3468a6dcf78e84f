"""Every kind of measure a key result may name (program.enums.Aggregate) is measured
(contributions/measures.py); one that is not stops the app from starting, saying where to add it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from distinguished.contributions import measures
from distinguished.program import api as program


def test_every_kind_of_measure_in_the_enum_is_measured():
    assert measures.unmeasured() == []
    assert set(measures.MEASURES) == set(program.Aggregate)


def test_a_kind_of_measure_without_its_implementation_fails_loudly():
    with pytest.raises(
        ImproperlyConfigured, match=r"has median but contributions/measures.py does not measure it"
    ):
        measures.check_every_kind_is_measured([*program.Aggregate, "median"])
