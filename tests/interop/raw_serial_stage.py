"""Talks to the simulated Ensemble stage on its pseudo-terminal with raw bytes, following
firmware-protocols/aerotech-ensemble.md and nothing else of XrayController. Prints a JSON report of the replies."""
import json
import os
import sys
import termios
import time
import tty


def main(path):
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd, termios.TCSANOW)
    pending = b""

    def ask(command):
        nonlocal pending
        os.write(fd, command.encode("ascii") + b"\n")
        deadline = time.monotonic() + 5
        while b"\n" not in pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply to {command!r}")
            pending += os.read(fd, 256)
        line, pending = pending.split(b"\n", 1)
        return line.decode("ascii")

    report = {
        "mode": ask("WAIT MODE NOWAIT"),
        "enable": ask("ENABLE @0"),
        "move": ask("MOVEABS @0 25 F90"),
    }
    while int(ask("AXISSTATUS(@0)")[1:]) & 0b1100 != 0b0100:
        time.sleep(0.01)
    report["position"] = ask("PFBKPROG(@0)")
    report["bad_command"] = ask("SPIN @0")
    os.close(fd)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
