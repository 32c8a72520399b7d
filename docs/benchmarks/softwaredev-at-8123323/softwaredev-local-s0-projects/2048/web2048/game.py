
class Game:
    def __init__(self):
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.level = 1
        self.is_game_over = False

    def get_new_tile_position(self):
        # Implement logic to get a new tile position
        pass

    def move(self, direction):
        # Implement logic to move tiles in the given direction
        pass

    def merge(self, direction):
        # Implement logic to merge tiles in the given direction
        pass

    def get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge(direction):
        # Implement logic to get the next tile position after merging in the given direction
        pass

    def get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge(direction):
        # Implement logic to get the next tile position after merging in the given direction
        pass

    def get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge(direction):
        # Implement logic to get the next tile position after merging in the given direction
        pass
