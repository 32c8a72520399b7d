from game import Bird, Game

def setup():
    size(800, 600)
    bird = Bird()
    game = Game(bird)
    game.setup()

def draw():
    background(255)
    game.draw()

def update():
    game.update()

if __name__ == "__main__":
    while True:
        update()
        draw()
