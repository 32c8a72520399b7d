"""SoftwareDev task prompts: the 11 the MetaGPT paper publishes (Hong et al., ICLR 2024, Table 8).

The full SoftwareDev set has 70 tasks and is not public (FoundationAgents/MetaGPT issue #1660,
2025-01-18: "The SoftwareDev related to the MetaGPT paper is not open to the public"); the
appendix prints these 11, verbatim below, and says the first seven are the ones behind the
paper's main comparison (its Table 1). Wording: the ICLR 2024 camera-ready (arXiv v7), checked
against the ICLR proceedings PDF; arXiv v1 (its Table 6) words tasks 3 and 5-8 differently.
"""

from __future__ import annotations

SOFTWAREDEV_TASKS: dict[str, str] = {
    "snake": "Create a snake game.",
    "brick_breaker": "Create a brick breaker game.",
    "2048": "Create a 2048 game for the web.",
    "flappy_bird": "Write p5.js code for Flappy Bird where you control a yellow bird continuously flying "
    "between a series of green pipes. The bird flaps every time you left click the mouse. If it falls to "
    "the ground or hits a pipe, you lose. This game goes on indefinitely until you lose; you get points "
    "the further you go.",
    "tank_battle": "Create a tank battle game.",
    "excel_data": "Write an excel data processing program based on streamlit and pandas. The screen "
    "first shows an excel file upload button. After the excel file is uploaded, use pandas to display "
    "its data content. The program is required to be concise, easy to maintain, and not over-designed. "
    "It uses streamlit to process web screen displays, and pandas is sufficient to process excel reading "
    "and display. Please make sure others can execute directly without introducing additional packages.",
    "crud": "Write a management program based on the crud addition, deletion, modification and query "
    "processing of the customer business entity. The customer needs to save this information: name, "
    "birthday, age, sex, and phone. The data is stored in client.db, and there is a judgement whether "
    "the customer table exists. If it doesn\u2019t, it needs to be created first. Querying is done by "
    "name; same for deleting. The program is required to be concise, easy to maintain, and not "
    "over-designed. The screen is realized through streamlit and sqlite\u2014no need to introduce other "
    "additional packages.",
    "music_transcriber": "Develop a program to transcribe sheet music into a digital format; providing "
    "error-free transcribed symbolized sheet music intelligence from audio through signal processing "
    "involving pitch and time slicing then training a neural net to run Onset Detected CWT transforming "
    "scalograms to chromagrams decoded with Recursive Neural Network focused networks.",
    "press_releases": "Create custom press releases; develop a Python script that extracts relevant "
    "information about company news from external sources, such as social media; extract update interval "
    "database for recent changes. The program should create press releases with customizable options and "
    "export writings to PDFs, NYTimes API JSONs, media format styled with interlink internal fixed "
    "character-length metadata.",
    "gomoku": "Implement a Gomoku game using Python, incorporating an AI opponent with varying "
    "difficulty levels.",
    "weather_dashboard": "Create a Python program to develop an interactive weather dashboard.",
}

# The paper's main experiment (Table 1) uses the first seven.
MAIN_EXPERIMENT: tuple[str, ...] = tuple(SOFTWAREDEV_TASKS)[:7]
