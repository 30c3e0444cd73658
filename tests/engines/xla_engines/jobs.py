"""Jobs (a script, the tables it reads, where its result goes) and the loop
that runs them on one started engine."""

import dataclasses
import json
import os
import pathlib
import sys
import time

from .csv_out import write_csv
from .errors import JobError
from .tables import Table


@dataclasses.dataclass
class Job:
    """One script to run; its result goes to `out`, or its error to `out.error`."""

    script: pathlib.Path
    out: pathlib.Path
    tables: list
    file_root: pathlib.Path | None

    @property
    def error_path(self):
        """Where the error text goes when the job fails."""
        return self.out.with_name(self.out.name + ".error")

    def sql(self):
        """The script's text."""
        try:
            return self.script.read_text(encoding="utf-8")
        except OSError as e:
            raise JobError(f"cannot read the script {self.script}: {e}") from e


def job_from_args(script, out, tables, file_root):
    """The job of the single-script command line (`NAME=CSV` table arguments)."""
    parsed = []
    for spec in tables:
        name, sep, path = spec.partition("=")
        if not sep:
            raise JobError(f"--table {spec!r}: write NAME=CSV")
        parsed.append(Table.parse(name, os.path.abspath(path)))
    return Job(
        pathlib.Path(script).resolve(),
        pathlib.Path(out).resolve(),
        parsed,
        pathlib.Path(file_root).resolve() if file_root else None,
    )


def jobs_from_file(path):
    """The jobs of a JOBS.json file: a list of objects with `script`, `out`,
    optional `tables` (an object NAME -> CSV) and `file_root`; relative paths
    are relative to the JOBS.json file's directory."""
    path = pathlib.Path(path).resolve()
    base = path.parent
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise JobError(f"cannot read the jobs file {path}: {e}") from e
    if not isinstance(entries, list):
        raise JobError(f"{path}: the jobs file must hold a JSON list of jobs")
    jobs = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "script" not in entry or "out" not in entry:
            raise JobError(f"{path}: job {n} needs a `script` and an `out`")
        unknown = set(entry) - {"script", "out", "tables", "file_root"}
        if unknown:
            raise JobError(f"{path}: job {n} has unknown keys {sorted(unknown)}")
        tables = entry.get("tables", {})
        if not isinstance(tables, dict):
            raise JobError(f"{path}: job {n}: `tables` must be an object NAME -> CSV")
        root = entry.get("file_root")
        jobs.append(
            Job(
                base / entry["script"],
                base / entry["out"],
                [Table.parse(name, base / csv_path) for name, csv_path in tables.items()],
                base / root if root else None,
            )
        )
    return jobs


def run_jobs(engine, jobs, log=sys.stderr):
    """Runs every job on the started `engine`; returns how many failed.

    A job's stale `out` and `out.error` are removed first; on success the
    result set is written to `out`, on failure the error text to `out.error`
    (and a line to `log`), and the next job runs all the same."""
    failed = 0
    home = os.getcwd()
    for n, job in enumerate(jobs, 1):
        for stale in (job.out, job.error_path):
            stale.unlink(missing_ok=True)
        started = time.monotonic()
        try:
            os.chdir(job.file_root or home)
            columns, rows = engine.run(job)
            write_csv(job.out, columns, rows)
        except JobError as e:
            failed += 1
            job.error_path.write_text(f"{e}\n", encoding="utf-8")
            print(f"run.py: {engine.name}: job {n} ({job.script}) failed: {e}", file=log)
        finally:
            os.chdir(home)
        print(f"run.py: {engine.name}: job {n} took {time.monotonic() - started:.2f} s", file=log)
    return failed
