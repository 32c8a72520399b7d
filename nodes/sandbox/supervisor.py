"""pid 1 of the sandbox: start the command, outlive it, and report on a pipe it alone holds.

bubblewrap runs this with ``--as-pid-1`` as ``python -I -S -c <this file> FD COMMAND...``,
so it must stay standard-library only. Being the pid namespace's init buys three things
bubblewrap's own init does not give: the run cannot kill it (init ignores signals from
inside its namespace that it has no handler for); the exit status comes through a pipe
the generated code never sees (the child closes it before ``exec``), so it cannot be
forged on stdout; and after the command ends it counts the tasks still alive in the
namespace, the evidence that a fork bomb held ``RLIMIT_NPROC`` at its bound. When it
exits, the kernel kills everything left in the namespace.
"""

import json
import os
import sys


def tasks_left() -> int:
    """Tasks (threads included) alive in this pid namespace, ourselves excluded."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Threads:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def main() -> None:
    """Fork and exec ``sys.argv[2:]``, reap orphans until it exits, write the status."""
    status_fd, command = int(sys.argv[1]), sys.argv[2:]
    child = os.fork()
    if child == 0:
        os.close(status_fd)
        try:
            os.execv(command[0], command)
        finally:
            os._exit(127)
    exit_code = None
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid == child:
            exit_code = os.waitstatus_to_exitcode(status)
            break
    report = {"exit_code": exit_code, "tasks_left": tasks_left()}
    os.write(status_fd, (json.dumps(report) + "\n").encode())


if __name__ == "__main__":
    main()
