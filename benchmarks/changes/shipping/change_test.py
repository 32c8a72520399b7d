from shipping import shipping_cost


def test_heavy_parcels_cost_a_flat_fee():
    assert shipping_cost(30) == 40.0
    assert shipping_cost(20.01) == 40.0


def test_twenty_kilograms_is_still_priced_by_weight():
    assert shipping_cost(20) == 35.0
