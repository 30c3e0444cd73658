#!/usr/bin/env python3
"""Runs SQL scripts on a real engine and writes each script's last result
set as CSV (see tests/engines/README.md).

    run.py ENGINE --script FILE --out FILE [--table NAME=CSV ...] [--file-root DIR]
    run.py ENGINE --batch JOBS.json

ENGINE is duckdb, postgres or spark. Exit status: 0 when every job
succeeded; 1 when a job failed (its error is in OUT.error, and on stderr);
2 when the engine cannot be started, or the command line or jobs file is
wrong (nothing runs). Run it with the Python of tests/engines/install.sh."""

import argparse
import os
import signal
import sys
import time

from xla_engines.errors import EngineUnavailable, JobError
from xla_engines.jobs import job_from_args, jobs_from_file, run_jobs


def engine_named(name):
    """The engine, imported only when asked for (pyspark is slow to import)."""
    if name == "duckdb":
        from xla_engines.duck import DuckDb

        return DuckDb()
    if name == "postgres":
        from xla_engines.postgres import Postgres

        return Postgres()
    from xla_engines.spark import Spark

    return Spark()


def arguments():
    """The parsed command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", choices=["duckdb", "postgres", "spark"])
    parser.add_argument("--script", help="the SQL script to run")
    parser.add_argument("--out", help="where the last statement's result set goes, as CSV")
    parser.add_argument("--table", action="append", default=[], metavar="NAME=CSV",
                        help="load CSV (header row) into table NAME (`t` or `schema.t`), all columns text")
    parser.add_argument("--file-root", help="the directory relative file paths in the script resolve against")
    parser.add_argument("--batch", metavar="JOBS.json", help="run every job of JOBS.json on one engine")
    args = parser.parse_args()
    if args.batch and (args.script or args.out or args.table or args.file_root):
        parser.error("--batch runs the jobs of its file: give no --script, --out, --table or --file-root")
    if not args.batch and not (args.script and args.out):
        parser.error("give --script and --out, or --batch")
    return args


def main():
    """Runs the jobs; returns the exit status."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    # A kill ends the run through the engines' clean-up (the server stops,
    # the temporary directories go).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = arguments()
    try:
        if args.batch:
            jobs = jobs_from_file(args.batch)
        else:
            jobs = [job_from_args(args.script, args.out, args.table, args.file_root)]
    except JobError as e:
        print(f"run.py: {e}", file=sys.stderr)
        return 2
    try:
        started = time.monotonic()
        with engine_named(args.engine) as engine:
            print(f"run.py: {args.engine}: started in {time.monotonic() - started:.2f} s", file=sys.stderr)
            failed = run_jobs(engine, jobs)
    except EngineUnavailable as e:
        print(f"run.py: {args.engine} cannot run: {e}", file=sys.stderr)
        return 2
    if failed:
        print(f"run.py: {args.engine}: {failed} of {len(jobs)} jobs failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
