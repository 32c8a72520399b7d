import time

class Tank:
    def __init__(self, name, health, damage):
        self.name = name
        self.health = health
        self.damage = damage

    def attack(self, target):
        target.health -= self.damage
        print(f"{self.name} attacks {target.name} for {self.damage} damage. {target.name} has {target.health} health left.")

class Game:
    def __init__(self):
        self.tanks = []

    def add_tank(self, tank):
        self.tanks.append(tank)

    def start(self):
        while True:
            for tank in self.tanks:
                if tank.health <= 0:
                    print(f"{tank.name} has been destroyed.")
                    self.tanks.remove(tank)
                    if not self.tanks:
                        print("All tanks have been destroyed. Game over.")
                        return
            for tank in self.tanks:
                for other_tank in self.tanks:
                    if tank != other_tank:
                        tank.attack(other_tank)
            time.sleep(1)

if __name__ == "__main__":
    game = Game()
    game.add_tank(Tank("Tank1", 100, 10))
    game.add_tank(Tank("Tank2", 100, 10))
    game.start()
