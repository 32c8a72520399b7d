import sys

from units import c_to_f, c_to_k, f_to_c

COMMANDS = {"c2f": c_to_f, "f2c": f_to_c, "c2k": c_to_k}


def run(argv: list[str]) -> str:
    if len(argv) != 2 or argv[0] not in COMMANDS:
        raise ValueError(f"usage: main.py {'|'.join(COMMANDS)} VALUE")
    return str(COMMANDS[argv[0]](float(argv[1])))


if __name__ == "__main__":
    print(run(sys.argv[1:]))
