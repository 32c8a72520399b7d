class Restart:
    def __init__(self):
        pass

    def restart(self):
        # Reset the game state
        self.playerHealth = 100
        self.enemyHealth = 100
        self.playerScore = 0
        self.enemyScore = 0

    def display(self):
        # Display a restart message
        print("Game restarted!")

    def restart(self):
        # Reset the game state
        self.playerHealth = 100
        self.enemyHealth = 100
        self.playerScore = 0
        self.enemyScore = 0

    def display(self):
        # Display a restart message
        print("Game restarted!")

    def restart(self):
        # Reset the game state
        self.playerHealth = 100
        self.enemyHealth = 100
        self.playerScore = 0
        self.enemyScore = 0
