"""The reviewer's commands (``calibrate``, ``reproduce``) and the PyPSA exchange (``export-pypsa``,
``import-pypsa``)."""
from __future__ import annotations

import sys
from pathlib import Path

from energymodel.cli.common import (DEFAULT_STUDIES, EXIT_OK, checked_out, default_path, load, log,
                                   overrides, scenario_path)
from energymodel.errors import InputError


def cmd_calibrate(args) -> int:
    """Exit 0 when every check is inside its tolerance, 1 when a region or link is outside."""
    from energymodel.analysis.calibration import format_all, outside, run

    path = scenario_path(args.scenario)
    out = checked_out(args, Path("results") / f"{Path(path).stem}-calibration")  # before the solve
    table, _ = run(path, hours=args.hours, out=out, overrides=overrides(args))
    sys.stdout.write(format_all(table) + "\n")
    bad = outside(table)
    log.info("calibration of %s written to %s: %s", path, out,
             "every check inside the tolerances" if not bad else "outside: " + ", ".join(bad))
    return EXIT_OK if not bad else 1


def cmd_reproduce(args) -> int:
    """Exit 0 when every study ran (the verdicts are information, not failures)."""
    from energymodel.analysis.reproduce import reproduce
    from energymodel.analysis.studies import registry, select, source_ids_of

    directory = args.registry or default_path(DEFAULT_STUDIES)
    sources = source_ids_of(args.data or directory.parent)
    studies = select(registry(directory, sources), args.studies, directory, sources)
    if not studies:
        raise InputError("no study files (*.yaml) found", file=directory)
    out = checked_out(args, Path("results") / "reproduce")
    table = reproduce(studies, out, hours=args.hours, resolution_h=args.resolution_h, data=args.data,
                      start=args.start)
    cols = ["study", "metric", "published", "model", "ratio", "verdict"]
    sys.stdout.write(table[cols].to_string(index=False, float_format=lambda v: f"{v:.4g}") + "\n")
    log.info("reproduction written to %s", Path(out).resolve())
    return EXIT_OK



def cmd_export_pypsa(args) -> int:
    """Write the LP as a PyPSA network; the file appears complete or not at all."""
    from energymodel.outputs.pypsa_export import check_output_file, write_netcdf

    out = check_output_file(args.output, force=args.force)
    _, _, network = load(args)
    n = write_netcdf(network, out)
    log.info("PyPSA network written to %s: %d buses, %d generators, %d links, %d storage units, %d snapshots",
             out, len(n.buses), len(n.generators), len(n.links), len(n.storage_units), len(n.snapshots))
    return 0


def cmd_import_pypsa(args) -> int:
    from energymodel.inputs.pypsa_import import import_pypsa

    scenario = import_pypsa(args.network, args.out_dir, name=args.name)
    print(f"wrote {scenario} (data in {scenario.parent / 'data'}; read {scenario.parent / 'conversion.md'})")
    print(f"run it: energymodel run {scenario}")
    return EXIT_OK
