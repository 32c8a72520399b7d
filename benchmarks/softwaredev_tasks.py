"""SoftwareDev task prompts, after the paper's Table 6 (Hong et al., ICLR 2024, appendix).

The paper's exact Table 6 wording could not be retrieved here (no network; the search
index holds only third-party summaries naming Flappy Bird, Tank Battle, 2048, Snake, Brick
Breaker, Excel data processing and CRUD management), so these are the closest prompts we
could write: the same programs, one sentence each, in the paper's style. Replace the text
here when the exact list is at hand; results carry the prompt they ran with.
"""

from __future__ import annotations

SOFTWAREDEV_TASKS: dict[str, str] = {
    "snake": "Create a snake game with pygame",
    "brick_breaker": "Develop a brick breaker game with pygame",
    "2048": "Create a 2048 game",
    "flappy_bird": "Design a game like Flappy Bird with pygame",
    "tank_battle": "Write a tank battle game with pygame",
    "excel_data": "Write an excel data processing program based on streamlit and pandas: upload a "
    "spreadsheet, show it as a table, filter rows and compute column statistics",
    "crud": "Write a customer management program with create, read, update and delete of customer "
    "records stored in sqlite",
    "gomoku": "Implement a Gomoku (five in a row) game with an AI opponent",
    "weather_dashboard": "Build a weather dashboard that reads daily weather records from a CSV file "
    "and shows the temperature trend and summary statistics",
    "music_transcriber": "Write a music transcriber that turns a list of note frequencies into "
    "note names and prints them as sheet-music text",
    "minesweeper": "Create a minesweeper game for the command line",
    "todo_cli": "Write a command-line to-do list manager that saves tasks to a JSON file",
}
