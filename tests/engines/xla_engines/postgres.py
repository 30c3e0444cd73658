"""PostgreSQL: a throw-away server in a temporary directory, listening only
on a Unix socket there, with a fresh database per job; stopped and removed
at the end, even on failure."""

import glob
import os
import pathlib
import pwd
import re
import shutil
import socket
import subprocess
import tempfile

import psycopg2

from .errors import EngineUnavailable, JobError
from .sql_text import qualified, quote

#: initdb refuses to run as root: as root, the server runs as this user
#: (Debian's `postgresql` package creates it).
SERVER_USER = "postgres"


def server_bin_dir():
    """The directory of `initdb`, `pg_ctl` and `postgres`: `$XLA_PG_BIN`, the
    newest `/usr/lib/postgresql/*/bin` (Debian), or the one on `PATH`."""
    wanted = ("initdb", "pg_ctl", "postgres")
    chosen = os.environ.get("XLA_PG_BIN")
    if chosen:
        candidates = [chosen]
    else:
        versions = glob.glob("/usr/lib/postgresql/*/bin")
        candidates = sorted(versions, key=lambda p: int(re.sub(r"\D", "", p) or 0), reverse=True)
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(os.path.dirname(os.path.realpath(on_path)))
    for directory in candidates:
        if all(os.access(os.path.join(directory, w), os.X_OK) for w in wanted):
            return pathlib.Path(directory)
    if chosen:
        raise EngineUnavailable(f"$XLA_PG_BIN is {chosen}, which does not hold initdb, pg_ctl and postgres")
    raise EngineUnavailable(
        "PostgreSQL's server programs (initdb, pg_ctl, postgres) are not in $XLA_PG_BIN, "
        "/usr/lib/postgresql/*/bin or on PATH: run tests/engines/install.sh "
        "(Debian: apt-get install postgresql)"
    )


def free_port():
    """A TCP port free right now; it only names the Unix socket file."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """One server for all the jobs of a run."""

    name = "postgres"

    def __init__(self):
        self.dir = None
        self.started = False
        self.jobs = 0

    def as_server_user(self, argv):
        """`argv` run as the server's user: `runuser -u postgres` when root."""
        if os.geteuid() != 0:
            return argv
        return ["runuser", "-u", SERVER_USER, "--", *argv]

    def command(self, argv, what):
        """Runs a server command; its output is the error when it fails."""
        done = subprocess.run(self.as_server_user(argv), capture_output=True, text=True)
        if done.returncode != 0:
            raise EngineUnavailable(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}")

    def __enter__(self):
        bin_dir = server_bin_dir()
        # Under /tmp: the server's user must reach it, whatever $TMPDIR is.
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="xla-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        try:
            if os.geteuid() == 0:
                try:
                    user = pwd.getpwnam(SERVER_USER)
                except KeyError:
                    raise EngineUnavailable(
                        f"running as root, and initdb refuses root, but there is no `{SERVER_USER}` "
                        "user to run the server as (Debian's postgresql package creates it)"
                    ) from None
                os.chown(self.dir, user.pw_uid, user.pw_gid)
            data = self.dir / "data"
            self.bin_dir, self.data = bin_dir, data
            self.command(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", "xla", "--auth=trust",
                 "--encoding=UTF8", "--locale=C", "--no-sync"],
                "initdb",
            )
            self.port = free_port()
            options = (
                f"-F -c fsync=off -c full_page_writes=off -c synchronous_commit=off "
                f"-c listen_addresses='' -c unix_socket_directories='{self.dir}' -p {self.port} "
                "-c TimeZone=UTC -c DateStyle=ISO,YMD"
            )
            # From here on the clean-up stops the server, even if it does not
            # start in time (stopping a server that is not running is harmless).
            self.started = True
            log = self.dir / "server.log"
            try:
                self.command(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"],
                    "pg_ctl start",
                )
            except EngineUnavailable as e:
                raise EngineUnavailable(f"{e}\nthe server's log:\n{log.read_text(errors='replace') if log.exists() else '(none)'}") from e
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.started:
            subprocess.run(
                self.as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
            )
            self.started = False
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        return False

    def connect(self, database):
        """An autocommit connection to `database` over the Unix socket."""
        con = psycopg2.connect(host=str(self.dir), port=self.port, user="xla", dbname=database)
        con.autocommit = True
        return con

    def run(self, job):
        """Loads the job's tables into a fresh database, runs the script as
        one simple query (PostgreSQL runs every statement), and returns the
        last statement's columns and rows."""
        sql = job.sql()
        self.jobs += 1
        database = f"job{self.jobs}"
        admin = self.connect("postgres")
        try:
            with admin.cursor() as cur:
                cur.execute(f"CREATE DATABASE {database}")
            con = self.connect(database)
            try:
                with con.cursor() as cur:
                    for table in job.tables:
                        load(cur, table)
                    cur.execute(sql)
                    if cur.description is None:
                        raise JobError("the script's last statement returns no result set")
                    return [d.name for d in cur.description], cur.fetchall()
            finally:
                con.close()
        except psycopg2.Error as e:
            raise JobError(f"postgres: {str(e).strip()}") from e
        finally:
            try:
                with admin.cursor() as cur:
                    cur.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            finally:
                admin.close()


def load(cur, table):
    """The CSV file as a table of TEXT columns, by `COPY … FROM STDIN`: an
    unquoted empty field is NULL, a quoted one (`""`) the empty string."""
    columns = table.columns()
    if table.schema:
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(table.schema)}")
    name = qualified(table)
    cur.execute(f"CREATE TABLE {name} ({', '.join(f'{quote(c)} text' for c in columns)})")
    with open(table.csv_path, "rb") as data:
        cur.copy_expert(f"COPY {name} FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')", data)

