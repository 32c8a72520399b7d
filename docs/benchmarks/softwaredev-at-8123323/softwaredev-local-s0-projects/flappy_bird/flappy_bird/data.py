
class Bird:
    x: int
    y: int
    velocity: int

    def __init__(self, x: int, y: int, velocity: int) -> None:
        self.x = x
        self.y = y
        self.velocity = velocity

    def update(self) -> None:
        self.y += self.velocity

class Pipe:
    x: int
    y: int
    width: int
    height: int

    def __init__(self, x: int, y: int, width: int, height: None) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height

class Data:
    bird: Bird
    pipes: list[Pipe]
    score: int

    def __init__(self) -> None:
        self.bird = Bird(100, 200, 5)
        self.pipes = []
        self.score = 0

    def add_pipe(self, x: int, y: int, width: int, height: None) -> None:
        self.pipes.append(Pipe(x, y, width, height))

    def update_score(self) -> None:
        self.score += 1

    def get_bird(self) -> Bird:
        return self.bird

    def get_pipes(self) -> list[Pipe]:
        return self.pipes

    def get_score(self) -> int:
        return self.score

if __name__ == "__main__":
    from ui import UI
    from ui import UI
    game = Game()
    ui = UI()
    data = Data()

    ui.start_game()

    while True:
        game.update()
        ui.render()

        if game.is_game_over():
            ui.display_game_over_message()
            break

if __name__ == "__main__":
    main()
