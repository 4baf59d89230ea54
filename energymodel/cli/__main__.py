"""``python -m energymodel.cli``."""
from energymodel.cli import console_main

console_main()
