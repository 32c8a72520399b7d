from flask import Flask, request, jsonify
from game import Game

app = Flask(__name__)

@app.route('/game', methods=['GET'])
def get_game_state():
    return jsonify(Game().get_game_state())

@app.route('/game', methods=['POST'])
def update_game_state():
    data = request.get_json()
    Game().update_game_state(data['direction'])
    return jsonify(Game().get_game_state())

if __name__ == "__main__":
    game = Game()
    ui = UI(game)
    server = Server(game)
    ui.run()
