"""python todo_cli.py --db PATH add TITLE... | list [--all] | done ID"""

import argparse
import sys

from todo_store import TodoStore


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="todo")
    parser.add_argument("--db", required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add")
    add.add_argument("title", nargs="+")
    listing = commands.add_parser("list")
    listing.add_argument("--all", action="store_true")
    done = commands.add_parser("done")
    done.add_argument("id", type=int)
    args = parser.parse_args(argv)
    store = TodoStore(args.db)
    try:
        if args.command == "add":
            print(store.add(" ".join(args.title)))
        elif args.command == "list":
            for item_id, title, finished in store.list_items(include_done=args.all):
                print(f"{item_id} {'[x]' if finished else '[ ]'} {title}")
        else:
            try:
                store.mark_done(args.id)
            except KeyError:
                print(f"todo: no item {args.id}", file=sys.stderr)
                return 1
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
