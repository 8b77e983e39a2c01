"""Entry point for ``python -m dfls``."""

import sys

from dfls.cli import main

sys.exit(main())
