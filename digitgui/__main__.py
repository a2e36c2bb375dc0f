"""``python -m digitgui`` starts the application."""

import sys

from digitgui.app.main import main

sys.exit(main())
