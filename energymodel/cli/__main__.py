"""``python -m energymodel.cli``."""
from energymodel.cli import main

raise SystemExit(main())
