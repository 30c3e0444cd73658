"""Input tables: a name (`table` or `schema.table`) and a CSV file whose
header row names the columns; every column is loaded as text."""

import csv
import dataclasses
import pathlib

from .errors import JobError


@dataclasses.dataclass
class Table:
    """One table to load before the script runs."""

    schema: str | None
    name: str
    csv_path: pathlib.Path

    @classmethod
    def parse(cls, qualified, csv_path):
        """`schema.table` or `table`, each part a non-empty identifier."""
        parts = qualified.split(".")
        if len(parts) > 2 or any(not p or '"' in p or "`" in p for p in parts):
            raise JobError(
                f"table name {qualified!r}: write `table` or `schema.table` "
                "(no quotes, no empty part)"
            )
        schema = parts[0] if len(parts) == 2 else None
        return cls(schema, parts[-1], pathlib.Path(csv_path))

    @property
    def qualified(self):
        """The name as given on the command line."""
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def columns(self):
        """The column names of the CSV file's header row."""
        try:
            with open(self.csv_path, encoding="utf-8", newline="") as f:
                header = next(csv.reader(f), None)
        except OSError as e:
            raise JobError(f"table {self.qualified}: cannot read {self.csv_path}: {e}") from e
        if not header:
            raise JobError(f"table {self.qualified}: {self.csv_path} has no header row")
        if len(set(header)) != len(header) or any(not c for c in header):
            raise JobError(
                f"table {self.qualified}: {self.csv_path}: the header row has an empty or repeated column name"
            )
        return header
