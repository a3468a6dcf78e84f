"""The `distinguished` console script: Django's manage.py with the dev settings as default.

Commands may be typed with hyphens (`distinguished load-program FILE`); they map to the
management command of the same name with underscores (`load_program`).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distinguished.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
