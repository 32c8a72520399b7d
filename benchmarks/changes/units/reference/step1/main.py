import sys

from units import c_to_f, f_to_c

COMMANDS = {"c2f": c_to_f, "f2c": f_to_c}


def run(argv: list[str]) -> str:
    if len(argv) != 2 or argv[0] not in COMMANDS:
        raise ValueError(f"usage: main.py {'|'.join(COMMANDS)} VALUE")
    return str(COMMANDS[argv[0]](float(argv[1])))


if __name__ == "__main__":
    print(run(sys.argv[1:]))
