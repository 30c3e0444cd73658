"""DuckDB, in process: a fresh in-memory database per job."""

import duckdb

from .errors import JobError
from .sql_text import literal, qualified, quote


class DuckDb:
    """Runs each job in its own in-memory database."""

    name = "duckdb"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, job):
        """Loads the job's tables, runs its script (DuckDB runs every
        statement), and returns the last statement's columns and rows."""
        sql = job.sql()
        con = duckdb.connect(":memory:")
        try:
            for table in job.tables:
                load(con, table)
            cursor = con.execute(sql)
            if cursor.description is None:
                raise JobError("the script's last statement returns no result set")
            columns = [d[0] for d in cursor.description]
            return columns, cursor.fetchall()
        except duckdb.Error as e:
            raise JobError(f"duckdb: {str(e).strip()}") from e
        finally:
            con.close()


def load(con, table):
    """The CSV file as a table of VARCHAR columns: an unquoted empty field
    is NULL, a quoted one (`""`) the empty string."""
    columns = table.columns()
    if table.schema:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(table.schema)}")
    name = qualified(table)
    types = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns)
    con.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_csv({literal(str(table.csv_path))}, "
        f"header = true, delim = ',', quote = '\"', escape = '\"', "
        f"allow_quoted_nulls = false, auto_detect = false, columns = {{{types}}})"
    )
