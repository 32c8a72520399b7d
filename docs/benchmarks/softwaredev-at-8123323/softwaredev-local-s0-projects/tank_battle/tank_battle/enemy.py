
class Enemy:
    def __init__(self, health, damage, speed, direction):
        self.health = health
        self.damage = damage
        self.speed = speed
        self.direction = direction

    def move(self):
        # Implement enemy movement logic
        pass

    def shoot(self):
        # Implement enemy shooting logic
        pass

    def update(self, game):
        # Implement enemy update logic
        pass

    def display(self):
        # Implement enemy display logic
        pass

    def restart(self):
        # Implement enemy restart logic
        pass
