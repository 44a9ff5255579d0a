# Starlette 0.x for the harness: the previous major lives in verify/.cache/python/prev
# (installed from verify/stacks/python/requirements-prev.txt), put first on sys.path before
# anything imports Starlette; then the same app as server.py.
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(os.environ["VIRTUAL_ENV"]).parent / "prev"))

import starlette  # noqa: E402

assert starlette.__version__.startswith("0."), f"expected Starlette 0.x, got {starlette.__version__}"

from server import app  # noqa: E402,F401
