def shipping_cost(weight_kg: float) -> float:
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    return round(5.0 + 1.5 * weight_kg, 2)
