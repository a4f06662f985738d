"""The `hexad` command: Django's management commands plus Hexad's own (serve, demo, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    from django.core.management import execute_from_command_line

    from hexad.history.context import COMMAND, recording

    # Changes made by commands (demo, restore, imports, the worker) are recorded as such.
    with recording(source=COMMAND):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
