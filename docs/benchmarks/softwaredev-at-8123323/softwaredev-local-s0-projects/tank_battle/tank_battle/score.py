
class Score:
    def __init__(self):
        self.playerScore = 0
        self.enemyScore = 0

    def update(self, game):
        self.playerScore += game.playerHealth
        self.enemyScore += game.enemyHealth

    def display(self):
        print(f"Player Score: {self.playerScore}")
        print(f"Enemy Score: {self.enemyScore}")

    def restart(self):
        self.playerScore = 0
        self.enemyScore = 0
