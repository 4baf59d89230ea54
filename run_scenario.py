#!/usr/bin/env python
"""Run a scenario: ``python run_scenario.py [SCENARIO.yaml] [--hours N] [--out DIR]``.

A thin shim over ``energymodel run``; the default scenario is ``scenarios/base.yaml``.
"""
import sys

from energymodel.cli import console_main

if __name__ == "__main__":
    console_main(["run", *sys.argv[1:]])
