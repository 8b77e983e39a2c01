"""Entry point for ``python -m dfls``."""

import sys

from dfls.cli.main import main

sys.exit(main())
