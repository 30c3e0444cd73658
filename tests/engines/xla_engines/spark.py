"""Spark in local mode (`local[2]`) from the pyspark package: one JVM for
all the jobs of a run, a new session per job (its own temporary views and
`SET` options), and the databases and tables a job made dropped after it."""

import os
import pathlib
import shutil
import sys
import tempfile

from .errors import EngineUnavailable, JobError
from .statements import split_statements

#: The session's options: UTC, non-ANSI casts (a bad CAST is NULL, as the
#: generated SQL expects), and a lean JVM for small inputs.
CONFIG = {
    "spark.master": "local[2]",
    "spark.app.name": "xla-engines",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # The tests' inputs are tiny: one shuffle partition and no adaptive
    # re-planning halve the time of a script (its many small aggregations
    # are one shuffle each).
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.adaptive.enabled": "false",
    "spark.default.parallelism": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.catalogImplementation": "in-memory",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    # Headroom for the cached time tables of the biggest scripts (the
    # default is 1 GB; each job's cache is cleared after it).
    "spark.driver.memory": "2g",
}


def backticked(identifier):
    """A Spark quoted identifier."""
    return "`" + identifier.replace("`", "``") + "`"


class Spark:
    """One local Spark for all the jobs of a run."""

    name = "spark"

    def __init__(self):
        self.dir = None
        self.spark = None

    def __enter__(self):
        java = os.environ.get("JAVA_HOME")
        if not (java and os.access(os.path.join(java, "bin", "java"), os.X_OK)) and not shutil.which("java"):
            raise EngineUnavailable("Spark needs Java 17 or later: no `java` on PATH and no $JAVA_HOME (Debian: apt-get install default-jre-headless)")
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="xla-spark-"))
        builder = SparkSession.builder
        for key, value in CONFIG.items():
            builder = builder.config(key, value)
        builder = builder.config("spark.sql.warehouse.dir", str(self.dir / "warehouse"))
        builder = builder.config("spark.local.dir", str(self.dir / "local"))
        try:
            self.spark = builder.getOrCreate()
        except Exception as e:  # pyspark raises several kinds when the JVM does not start
            self.__exit__(None, None, None)
            raise EngineUnavailable(f"Spark did not start: {e}") from e
        self.spark.sparkContext.setLogLevel("ERROR")
        return self

    def __exit__(self, *exc):
        if self.spark is not None:
            self.spark.stop()
            self.spark = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        return False

    def run(self, job):
        """Loads the job's tables, runs the script's statements one by one
        (split by `statements.split_statements`), and returns the last
        statement's columns and rows."""
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException

        statements = split_statements(job.sql())
        if not statements:
            raise JobError("the script has no statement")
        session = self.spark.newSession()
        databases, tables = self.catalog()
        try:
            self.set_working_directory(job.file_root or pathlib.Path.cwd())
            for table in job.tables:
                load(session, table)
            for statement in statements[:-1]:
                session.sql(statement)
            result = session.sql(statements[-1])
            rows = result.collect()
            return result.columns, [tuple(row) for row in rows]
        except (PySparkException, Py4JError) as e:
            raise JobError(f"spark: {str(e).strip()}") from e
        finally:
            # `CACHE TABLE` results outlive the session that made them.
            session.catalog.clearCache()
            self.drop_new(session, databases, tables)

    def set_working_directory(self, directory):
        """Relative paths in the script (`csv.\\`data/x.csv\\``) resolve here."""
        jvm = self.spark.sparkContext._jvm
        conf = self.spark.sparkContext._jsc.hadoopConfiguration()
        local = jvm.org.apache.hadoop.fs.FileSystem.getLocal(conf)
        local.setWorkingDirectory(jvm.org.apache.hadoop.fs.Path(directory.as_uri()))

    def catalog(self):
        """The databases, and the tables of `default`, there now."""
        databases = {d.name for d in self.spark.catalog.listDatabases()}
        tables = {t.name for t in self.spark.catalog.listTables("default") if not t.isTemporary}
        return databases, tables

    def drop_new(self, session, databases, tables):
        """Drops the databases and `default` tables a job added."""
        now_databases, now_tables = self.catalog()
        for database in now_databases - databases:
            session.sql(f"DROP DATABASE IF EXISTS {backticked(database)} CASCADE")
        for table in now_tables - tables:
            session.sql(f"DROP TABLE IF EXISTS default.{backticked(table)}")


def load(session, table):
    """The CSV file as an external CSV table of STRING columns (in database
    `schema`, made if absent, or in `default`): an unquoted empty field is
    NULL, a quoted one (`""`) the empty string; quoted fields may span lines.

    Spark's reader reads both as NULL while its `nullValue` is the empty
    string, so `nullValue` is a control character (U+0001) that no real
    field holds alone; an unquoted empty field is NULL all the same."""
    from pyspark.sql.types import StringType, StructField, StructType

    columns = table.columns()
    schema = StructType([StructField(c, StringType(), True) for c in columns])
    database = table.schema or "default"
    session.sql(f"CREATE DATABASE IF NOT EXISTS {backticked(database)}")
    session.catalog.createTable(
        f"{backticked(database)}.{backticked(table.name)}",
        path=str(table.csv_path),
        source="csv",
        schema=schema,
        header="true",
        multiLine="true",
        quote='"',
        escape='"',
        encoding="UTF-8",
        nullValue="\u0001",
        emptyValue="",
        mode="FAILFAST",
    )
