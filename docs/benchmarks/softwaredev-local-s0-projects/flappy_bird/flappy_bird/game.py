from bird import Bird
from pipe import Pipe

class Game:
    def __init__(self, bird):
        self.bird = bird
        self.pipes = []
        self.score = 0
        self.timeLeft = 60

    def setup(self):
        self.bird.setup()
        self.generatePipes()

    def draw(self):
        background(255)
        self.bird.draw()
        for pipe in self.pipes:
            pipe.draw()
        self.displayScore()
        self.displayTimeLeft()

    def update(self):
        self.bird.update()
        self.generatePipes()
        self.checkCollisions()
        self.checkGameOver()

    def generatePipes(self):
        if len(self.pipes) == 0 or self.pipes[-1].x > width - 50:
            pipe = Pipe()
            pipe.setup()
            self.pipes.append(pipe)

    def checkCollisions(self):
        for pipe in self.pipes:
            if pipe.x < self.bird.x + self.bird.width and pipe.x + pipe.width > self.bird.x and pipe.y < self.bird.y + self.bird.height and pipe.y + pipe.height > self.bird.y:
                self.bird.die()
                self.gameOver()

    def checkGameOver(self):
        if self.bird.y > height:
            self.bird.die()
            self.gameOver()

    def displayScore(self):
        textSize(20)
        fill(0)
        text("Score: " + str(self.score), 10, 30)

    def displayTimeLeft(self):
        textSize(20)
        fill(0)
        text("Time Left: " + str(self.timeLeft), width - 100, 30)

    def die(self):
        self.bird.die()
        self.gameOver()

    def gameOver(self):
        textSize(50)
        fill(0)
        text("Game Over", width / 2 - 100, height / 2)
