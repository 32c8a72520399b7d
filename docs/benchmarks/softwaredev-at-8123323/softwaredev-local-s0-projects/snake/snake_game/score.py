# score.py

class Score:
    def __init__(self):
        self.score = 0

    def update(self, points):
        self.score += points

    def display(self):
        print(f"Score: {self.score}")
