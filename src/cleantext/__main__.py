"""``python -m cleantext``: the same as the ``cleantext`` command."""

from __future__ import annotations

import sys

from cleantext.cli import main

if __name__ == "__main__":
    sys.exit(main())
