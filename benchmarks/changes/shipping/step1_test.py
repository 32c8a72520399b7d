import pytest
from shipping import shipping_cost


def test_the_stated_light_example():
    assert shipping_cost(2) == 8.0


def test_heavy_parcels_cost_by_weight():
    assert shipping_cost(30) == 50.0


def test_rounding_to_cents():
    assert shipping_cost(0.333) == 5.5


@pytest.mark.parametrize("weight", [0, -1])
def test_non_positive_weights_are_refused(weight):
    with pytest.raises(ValueError):
        shipping_cost(weight)
