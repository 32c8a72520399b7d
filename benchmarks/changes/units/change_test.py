from main import run
from units import c_to_k


def test_the_stated_kelvin_examples():
    assert c_to_k(0) == 273.15
    assert run(["c2k", "100"]) == "373.15"
