"""`python -m bot` is `caucus`."""

import sys

from bot.cli import main

sys.exit(main())
