from game import Game

def main():
    game = Game()
    game.start()

if __name__ == "__main__":
    main()
