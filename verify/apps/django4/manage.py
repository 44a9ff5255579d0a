#!/usr/bin/env python
# Django 4.2 for the harness: the previous major lives in verify/.cache/python/prev (installed
# from verify/stacks/python/requirements-prev.txt), put first on sys.path before Django loads.
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(os.environ["VIRTUAL_ENV"]).parent / "prev"))
    import django

    assert django.VERSION[:2] == (4, 2), f"expected Django 4.2, got {django.get_version()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
