#!/usr/bin/env python
"""Run a scenario: ``python run_scenario.py [SCENARIO.yaml] [--hours N] [--out DIR]``.

A thin shim over ``energymodel run``; the default scenario is ``scenarios/base.yaml``.
"""
from energymodel.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["run", *__import__("sys").argv[1:]]))
