"""The helper of bench/sql.sh (see bench/README.md, "SQL engines").

    sql_engines.py convert SRC DST
        Writes a copy of the `xla-gen` set SRC that DuckDB and Spark can read
        themselves (bench/contract-sql.xla) to DST, and prints what it did.
    sql_engines.py duckdb SCRIPT STATES.csv TIMES.json
    sql_engines.py spark SCRIPT STATES.csv TIMES.json
        Runs the script `xla sql` wrote on the engine, writes the result set
        of its last statement (the states) as CSV with its header row, and
        the timings to TIMES.json.
    sql_engines.py report RUNS.jsonl CHECKS.txt SET SPARK_SET XLA OUT_DIR
        Prints bench/sql-results.md from the timings sql.sh recorded.
    sql_engines.py compare LOCAL_DIR ENGINE_DIR
        Checks that every settlement-YYYY-MM.json (and ledger.csv) of
        ENGINE_DIR equals LOCAL_DIR's in every field but `inputs` and the
        list of rejected rows (`rejected_rows.first`: an engine names a row
        by its key, not its line; `rejected_rows.count` is compared); exit
        1, saying where, when one differs.

The engines are driven by the code of the SQL engine tests
(tests/engines/xla_engines: the same Spark session options, the same
statement splitting, the same CSV spelling of values), imported, not
copied. Run it with the Python of tests/engines/install.sh.
"""

import json
import os
import pathlib
import re
import resource
import sys
import time
import types

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "engines"))

from xla_engines.csv_out import write_csv  # noqa: E402

# --- converting the set -----------------------------------------------------

TICKET_COLUMNS = [
    "number", "short_description", "priority", "state", "contact_type",
    "assignment_group", "opened_at", "resolved_at", "reopen_count", "sys_updated_on",
]
TICKET_TIMES = {"opened_at", "resolved_at", "sys_updated_on"}
SURVEY_COLUMNS = ["ticket_id", "happiness", "lost_minutes", "answered_at", "channel", "lang"]


def convert(src, dst):
    """Tickets: ServiceNow times `DD/MM/YYYY HH:MM` rewritten as ISO local
    times `YYYY-MM-DDTHH:MM` (text rearranged, never parsed: a year written
    `2O26` stays unreadable, as `2O26-01-07T10:09`); rows with the wrong
    number of fields dropped (the engines stop at them, docs/warehouse.md).
    Surveys: surveys.jsonl as surveys.csv, numbers as written, null and
    absent as an empty cell; lines that are not a JSON object dropped.
    Telemetry and outages: linked (or copied) as they are."""
    import duckdb

    src, dst = pathlib.Path(src), pathlib.Path(dst)
    (dst / "tickets").mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    types_ = ", ".join(f"'{c}': 'VARCHAR'" for c in TICKET_COLUMNS)
    def reader(path, extra):
        return (
            f"read_csv({literal(path)}, header = true, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, allow_quoted_nulls = false, columns = {{{types_}}}, {extra})"
        )

    select = ", ".join(
        f"regexp_replace({c}, '^([0-9]{{2}})/([0-9]{{2}})/([0-9A-Za-z]{{4}}) ([0-9]{{2}}):([0-9]{{2}})$', "
        f"'\\3-\\2-\\1T\\4:\\5') AS {c}" if c in TICKET_TIMES else c
        for c in TICKET_COLUMNS
    )
    kept = dropped = 0
    for path in sorted((src / "tickets").glob("*.csv")):
        out = dst / "tickets" / path.name
        every = con.execute(
            f"SELECT count(*) FROM {reader(path, 'null_padding = true')}"
        ).fetchone()[0]
        con.execute(
            f"COPY (SELECT {select} FROM {reader(path, 'ignore_errors = true')}) "
            f"TO {literal(out)} (FORMAT csv, HEADER true, DELIMITER ',')"
        )
        n = con.execute(f"SELECT count(*) FROM {reader(out, 'ignore_errors = false')}").fetchone()[0]
        kept += n
        dropped += every - n
    con.close()

    answers = not_json = 0
    import csv

    with open(src / "surveys.jsonl", encoding="utf-8") as lines, open(
        dst / "surveys.csv", "w", encoding="utf-8", newline=""
    ) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SURVEY_COLUMNS)
        for line in lines:
            if not line.strip():
                continue
            try:
                answer = json.loads(line, parse_int=str, parse_float=str)
            except ValueError:
                answer = None
            if not isinstance(answer, dict):
                not_json += 1
                continue
            answers += 1
            writer.writerow([cell(answer.get(c)) for c in SURVEY_COLUMNS])

    for name in ["outages.csv", "telemetry"]:
        link_tree(src / name, dst / name)
    print(f"tickets: {kept} rows kept, {dropped} dropped (wrong number of fields); "
          f"surveys: {answers} answers kept, {not_json} lines dropped (not a JSON object); "
          "telemetry and outages as they are")


def literal(path):
    """A SQL string literal of a path."""
    return "'" + str(path).replace("'", "''") + "'"


def cell(value):
    """A JSON value as a CSV cell: numbers as written, null as empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def link_tree(src, dst):
    """Hard links (copies across file systems) of a file or a directory's files."""
    import shutil

    if src.is_dir():
        dst.mkdir(parents=True, exist_ok=True)
        for child in sorted(src.iterdir()):
            link_tree(child, dst / child.name)
        return
    if dst.exists():
        dst.unlink()
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


# --- running a script -------------------------------------------------------


def job_of(script):
    """A job as xla_engines' engines take it: the script, no tables, paths absolute."""
    text = pathlib.Path(script).read_text(encoding="utf-8")
    return types.SimpleNamespace(sql=lambda: text, tables=[], file_root=None)


def self_cpu():
    """CPU seconds of this process so far, every thread."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_duckdb(script, out, times):
    from xla_engines.duck import DuckDb

    job = job_of(script)
    t0, c0 = time.monotonic(), self_cpu()
    columns, rows = DuckDb().run(job)  # connect, run every statement, fetch the result set
    t1, c1 = time.monotonic(), self_cpu()
    write_csv(out, columns, rows)
    t2, c2 = time.monotonic(), self_cpu()
    import duckdb

    report = {
        "engine": f"DuckDB {duckdb.__version__}",
        "start_seconds": 0.0,
        "query_seconds": t1 - t0,
        "query_cpu_seconds": c1 - c0,
        "write_seconds": t2 - t1,
        "rows": len(rows),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    pathlib.Path(times).write_text(json.dumps(report, indent=1) + "\n")


def jvm_pid(spark):
    """The pid of the Spark driver's JVM: the gateway's process, or the
    `java` process below it (spark-submit is a shell script that execs it)."""
    root = spark.sparkContext._gateway.proc.pid
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        try:
            if pathlib.Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                return pid
            children = pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    raise RuntimeError(f"no java process under the gateway (pids {seen})")


def jvm_usage(pid):
    """(CPU seconds, peak RSS in kB) of a running process, from /proc."""
    stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    hwm = re.search(r"VmHWM:\s+(\d+) kB", pathlib.Path(f"/proc/{pid}/status").read_text())
    return cpu, int(hwm.group(1))


def run_spark(script, out, times):
    os.environ["TZ"] = "UTC"
    time.tzset()
    from xla_engines import spark as spark_engine

    memory = os.environ.get("BENCH_SPARK_MEMORY")
    if memory:
        spark_engine.CONFIG["spark.driver.memory"] = memory
    spark_engine.CONFIG["spark.app.name"] = "xla-bench"
    job = job_of(script)
    t0, c0 = time.monotonic(), self_cpu()
    with spark_engine.Spark() as engine:  # the JVM starts: local[2], the tests' options
        t1, c1 = time.monotonic(), self_cpu()
        pid = jvm_pid(engine.spark)
        j1, _ = jvm_usage(pid)
        columns, rows = engine.run(job)  # each statement with spark.sql, the last one collected
        t2, c2 = time.monotonic(), self_cpu()
        j2, _ = jvm_usage(pid)
        write_csv(out, columns, rows)
        t3 = time.monotonic()
        _, jvm_rss = jvm_usage(pid)
        version = engine.spark.version
    report = {
        "engine": f"Spark {version} (local[2], driver memory {spark_engine.CONFIG['spark.driver.memory']})",
        "start_seconds": t1 - t0,
        "start_cpu_seconds": (c1 - c0) + j1,
        "query_seconds": t2 - t1,
        "query_cpu_seconds": (c2 - c1) + (j2 - j1),
        "write_seconds": t3 - t2,
        "rows": len(rows),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "jvm_peak_rss_kb": jvm_rss,
    }
    pathlib.Path(times).write_text(json.dumps(report, indent=1) + "\n")


# --- comparing the settlements ----------------------------------------------


def differences(a, b, path=""):
    """The JSON paths at which two documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'local' if key in a else 'engine'}")
            else:
                out.extend(differences(a[key], b[key], f"{path}.{key}"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} entries locally, {len(b)} from the engine"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(differences(x, y, f"{path}[{i}]"))
        return out
    return [] if a == b else [f"{path}: local {a!r}, engine {b!r}"]


def compare(local, engine):
    local, engine = pathlib.Path(local), pathlib.Path(engine)
    names = sorted(p.name for p in local.glob("settlement-*.json"))
    theirs = sorted(p.name for p in engine.glob("settlement-*.json"))
    problems = []
    if not names:
        problems.append(f"no settlement-*.json in {local}")
    if names != theirs:
        problems.append(f"settlement files differ: {names} locally, {theirs} from the engine")
    fields = 0
    for name in names:
        if name not in theirs:
            continue
        a = json.loads((local / name).read_text())
        b = json.loads((engine / name).read_text())
        for doc in (a, b):
            # Where the figures came from, which differs by design
            # (docs/states.md): the inputs' engine, paths and digests, and
            # the rows an engine rejected, named by key (no line) and listed
            # in the order of their reasons. Their number must agree.
            doc.pop("inputs", None)
            doc.get("rejected_rows", {}).pop("first", None)
        fields += count_fields(a)
        problems.extend(f"{name}{d}" for d in differences(a, b))
    ledger = (local / "ledger.csv").read_bytes() == (engine / "ledger.csv").read_bytes()
    if not ledger:
        problems.append("ledger.csv differs")
    if problems:
        print(f"DIFFERENT: {engine} against {local}:")
        for p in problems[:50]:
            print(f"  {p}")
        sys.exit(1)
    print(f"equal: {len(names)} settlement files ({fields} fields; `inputs` and `rejected_rows.first` left out) and ledger.csv")


def count_fields(value):
    if isinstance(value, dict):
        return sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 1


# --- the report ---------------------------------------------------------------


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def engine_cpu(entry):
    """CPU seconds of an engine stage. /usr/bin/time counts the Python
    process, and the JVM only if Python reaped it; the helper's own
    figures (its CPU plus the JVM's from /proc) are used when larger."""
    e = entry["engine"]
    if e and "jvm_peak_rss_kb" in e:
        return max(entry["cpu"], e["start_cpu_seconds"] + e["query_cpu_seconds"])
    return entry["cpu"]


def engine_rss(entry):
    e = entry["engine"]
    return max(entry["rss_kb"], (e or {}).get("jvm_peak_rss_kb", 0))


def report(runs_file, checks_file, big, spark_set, xla, out_dir):
    import datetime
    import platform
    import subprocess

    runs = [json.loads(line) for line in open(runs_file) if line.strip()]
    checks = open(checks_file).read().strip().splitlines()
    n_runs = max(r["run"] for r in runs)
    out_dir = pathlib.Path(out_dir)

    def entries(way, stage=None):
        return [r for r in runs if r["way"] == way and (stage is None or r["stage"] == stage)]

    def per_run(way, f):
        return [f([r for r in entries(way) if r["run"] == i]) for i in range(1, n_runs + 1)]

    def tot_wall(rs):
        return sum(r["wall"] for r in rs)

    def tot_cpu(rs):
        return sum(engine_cpu(r) if r["stage"] == "engine" else r["cpu"] for r in rs)

    def peak(rs):
        return max(engine_rss(r) if r["stage"] == "engine" else r["rss_kb"] for r in rs)

    def mb(kb):
        return f"{kb / 1024:.0f}"

    def convert_text(s):
        p = out_dir / f"convert-{s}.txt"
        return p.read_text().strip() if p.exists() else "?"

    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    version = subprocess.run([xla, "--version"], capture_output=True, text=True).stdout.strip()
    duck = next((r["engine"]["engine"] for r in runs if r["way"] == "duckdb" and r["engine"]), "?")
    spark = next((r["engine"]["engine"] for r in runs if r["way"] == "spark" and r["engine"]), "?")
    local_sets = {"duckdb": big, "spark": spark_set}

    w = []
    say = w.append
    say("# The settlement through SQL engines")
    say("")
    say("Written by `bench/sql.sh` (do not edit by hand; see bench/README.md, \"SQL engines\").")
    say(f"Run {datetime.date.today().isoformat()} on {os.cpu_count()} cores, {mem / 1048576:.0f} GB, {cpu_model};")
    say(f"load average at the end {' '.join(open('/proc/loadavg').read().split()[:3])}. {version}, {duck}, {spark},")
    say(f"Python {platform.python_version()}. Contract `bench/contract-sql.xla`, the twelve months of 2026.")
    say("")
    say(f"Sets (`xla-gen --seed 1`, converted by `sql_engines.py convert`): {big}: {convert_text(big)}.")
    if spark_set != big:
        say(f"{spark_set} (for Spark): {convert_text(spark_set)}.")
    say("")
    say("Ways: **local** `xla settle` on the files; **duckdb** / **spark**: `xla sql` writes the script (stage")
    say("`sql`), the engine runs it and the states are written as CSV (stage `engine`: the whole Python")
    say("process, interpreter, imports and, for Spark, the JVM's start included), `xla settle --states`")
    say("settles from them (stage `settle`). Each stage is a process under `/usr/bin/time -v`; total = the")
    say("sum of the stages. Peak RSS is the largest of the stages' (for Spark's engine stage the JVM's")
    say("own peak, VmHWM, which is larger than Python's). CPU counts every thread (and the JVM's).")
    say("")
    say(f"Medians of {n_runs} runs, alternated (local, DuckDB, Spark); ratio = the way's figure over the")
    say("local evaluator's on the same set.")
    say("")
    say("| way | set | wall (s) | CPU (s) | peak RSS (MB) | wall / local | CPU / local |")
    say("|---|---|---|---|---|---|---|")
    local_by_set = {}
    # local runs: the first `local` entry of a run is on `big`, a second (if any) on spark_set
    local_big = [r for i, r in enumerate(entries("local")) if spark_set == big or i % 2 == 0]
    local_small = [r for i, r in enumerate(entries("local")) if spark_set != big and i % 2 == 1]
    local_by_set[big] = local_big
    if spark_set != big:
        local_by_set[spark_set] = local_small
    for s, rs in local_by_set.items():
        say(f"| local `xla settle` | {s} | {median([r['wall'] for r in rs]):.2f} | {median([r['cpu'] for r in rs]):.2f} "
            f"| {mb(median([r['rss_kb'] for r in rs]))} | 1 | 1 |")
    for way in ["duckdb", "spark"]:
        s = local_sets[way]
        lw = median([r["wall"] for r in local_by_set[s]])
        lc = median([r["cpu"] for r in local_by_set[s]])
        wall = median(per_run(way, tot_wall))
        cpu = median(per_run(way, tot_cpu))
        say(f"| {way} (sql + engine + settle) | {s} | {wall:.2f} | {cpu:.2f} | {mb(median(per_run(way, peak)))} "
            f"| {wall / lw:.1f} | {cpu / lc:.1f} |")
    say("")
    say("By stage (medians):")
    say("")
    say("| way | stage | wall (s) | CPU (s) | peak RSS (MB) |")
    say("|---|---|---|---|---|")
    for way in ["duckdb", "spark"]:
        for stage in ["sql", "engine", "settle"]:
            rs = entries(way, stage)
            say(f"| {way} | {stage} | {median([r['wall'] for r in rs]):.2f} "
                f"| {median([engine_cpu(r) if stage == 'engine' else r['cpu'] for r in rs]):.2f} "
                f"| {mb(median([engine_rss(r) if stage == 'engine' else r['rss_kb'] for r in rs]))} |")
    say("")
    say("Inside the engine stage (medians, timed in Python):")
    say("")
    say("| engine | start (s) | query (s) | query CPU (s) | states written (s) | states rows |")
    say("|---|---|---|---|---|---|")
    for way in ["duckdb", "spark"]:
        es = [r["engine"] for r in entries(way, "engine")]
        start = median([e["start_seconds"] for e in es])
        say(f"| {es[0]['engine']} | {start:.2f}{' (JVM)' if way == 'spark' else ' (in process)'} "
            f"| {median([e['query_seconds'] for e in es]):.2f} | {median([e['query_cpu_seconds'] for e in es]):.2f} "
            f"| {median([e['write_seconds'] for e in es]):.2f} | {es[0]['rows']} |")
    say("")
    say("Every run:")
    say("")
    say("| run | way | stage | wall (s) | CPU (s) | peak RSS (MB) |")
    say("|---|---|---|---|---|---|")
    for r in runs:
        cpu = engine_cpu(r) if r["stage"] == "engine" else r["cpu"]
        rss = engine_rss(r) if r["stage"] == "engine" else r["rss_kb"]
        say(f"| {r['run']} | {r['way']} | {r['stage']} | {r['wall']:.2f} | {cpu:.2f} | {mb(rss)} |")
    say("")
    say("Equality (`sql_engines.py compare`: every field of the twelve settlement JSON files but `inputs`")
    say("and the list `rejected_rows.first`, whose rows an engine names by key rather than by line,")
    say("docs/states.md; and ledger.csv byte for byte):")
    say("")
    for line in checks:
        say(f"- {line}")
    print("\n".join(w))


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "convert":
        convert(*args)
    elif command == "duckdb":
        run_duckdb(*args)
    elif command == "spark":
        run_spark(*args)
    elif command == "report":
        report(*args)
    elif command == "compare":
        compare(*args)
    else:
        sys.exit(f"sql_engines.py: unknown command {command!r}")


if __name__ == "__main__":
    main()
