#!/usr/bin/env python3
"""Timings of the slow paths of issue 9 (items 17-20), for one or more
`xla` binaries (release builds), on inputs generated here:

  17  the language server: one edit of a document with 16,000 diagnostics,
      from didChange to publishDiagnostics
  18  `xla check` of a 50,000-line contract with 12,500 warnings, human and
      JSON output
  19  `xla settle` of 400 tickets opened on 0001-01-01 (an export
      placeholder) measured with business_time
  20  `xla settle` of a glob over 5,000 / 10,000 / 20,000 one-row files

Usage: python3 bench/hardening.py BINARY [BINARY...]
Prints one line per measurement and binary: the median of three runs
(one run for 19 and 20)."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HEAD = """contract "Bench" {
  client      "Acme Corp"
  provider    "Northwind Managed Services"
  start       2026-01-01
  end         2026-12-31
  timezone    "Europe/London"
  currency    EUR
  monthly_fee 100000.00 EUR
  at_risk     10%
}

calendar office {
  hours mon-fri 08:00-18:00
}

dataset tickets from csv "PATH" {
  priority  text in ["P1", "P2", "P3"] = "priority"
  opened    timestamp  = "opened_at"
  resolved  timestamp? = "resolved_at"
  period by resolved
}

metric handled = count(tickets)
metric fixed = percent(tickets meeting business_time(opened, resolved, office) <= 4h)

sla p1 "P1 resolution" {
  metric     fixed
  target     >= 95%
  allocation 50%
}

sla volume "Volume" {
  metric     handled
  target     >= 1
  allocation 10%
}
"""


def timed(command, **kw):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kw)
    return time.perf_counter() - start


def median(f):
    return statistics.median(f() for _ in range(3))


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(out):
    length = 0
    while True:
        line = out.readline()
        if not line:
            raise EOFError
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def lsp_edit(binary, text):
    """Seconds from a didChange to the publishDiagnostics that follows."""
    server = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send = lambda m: (server.stdin.write(frame(m)), server.stdin.flush())
    uri = "file:///bench/contract.xla"
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "xla", "version": 1, "text": text}}})
    while read_message(server.stdout).get("method") != "textDocument/publishDiagnostics":
        pass
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text + "\n"}]}})
    while True:
        m = read_message(server.stdout)
        if m.get("method") == "textDocument/publishDiagnostics":
            count = len(m["params"]["diagnostics"])
            break
    elapsed = time.perf_counter() - start
    server.kill()
    server.wait()
    return elapsed, count


def main():
    binaries = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        # 17: 16,000 unused metrics, each a warning.
        lsp_text = HEAD.replace("PATH", "t.csv") + "".join(f"metric m{i} = 1\n" for i in range(16_000))
        # 18: 12,500 unused metrics over 50,000 lines.
        contract = HEAD.replace("PATH", "t.csv") + "".join(
            f"// metric {i}\n// is never used\nmetric w{i} =\n  1\n" for i in range(12_500))
        big = os.path.join(tmp, "warnings.xla")
        with open(big, "w") as f:
            f.write(contract)
        # 19: 400 tickets opened on the placeholder date.
        placeholder = os.path.join(tmp, "placeholder")
        os.makedirs(os.path.join(placeholder, "data"))
        with open(os.path.join(placeholder, "c.xla"), "w") as f:
            f.write(HEAD.replace("PATH", "t.csv"))
        with open(os.path.join(placeholder, "data", "t.csv"), "w") as f:
            f.write("priority,opened_at,resolved_at\n")
            f.writelines("P1,0001-01-01T00:00:00Z,2026-01-%02dT10:00:00Z\n" % (1 + i % 28) for i in range(400))
        # 20: many one-row files.
        globs = {}
        for n in (5_000, 10_000, 20_000):
            d = os.path.join(tmp, f"glob{n}")
            os.makedirs(os.path.join(d, "data", "t"))
            with open(os.path.join(d, "c.xla"), "w") as f:
                f.write(HEAD.replace("PATH", "t/*.csv"))
            for i in range(n):
                with open(os.path.join(d, "data", "t", f"{i:05}.csv"), "w") as f:
                    f.write("priority,opened_at,resolved_at\nP1,2026-01-05T09:00:00Z,2026-01-05T10:00:00Z\n")
            globs[n] = d

        for b in binaries:
            name = os.path.basename(b)
            seconds, count = statistics.median_low([lsp_edit(b, lsp_text) for _ in range(3)])
            print(f"{name}  17 lsp edit, {count} diagnostics: {seconds:.2f} s")
            print(f"{name}  18 check human, 12,500 warnings: {median(lambda: timed([b, 'check', big])):.2f} s")
            print(f"{name}  18 check json, 12,500 warnings: {median(lambda: timed([b, 'check', '--format', 'json', big])):.2f} s")
            out = os.path.join(tmp, "out")
            settle = lambda d: [b, "settle", os.path.join(d, "c.xla"), "--data", os.path.join(d, "data"),
                                "--period", "2026-01", "--out", out]
            print(f"{name}  19 settle, 400 rows opened 0001-01-01: {timed(settle(placeholder)):.2f} s (one run)")
            for n, d in globs.items():
                print(f"{name}  20 settle, glob over {n:,} files: {timed(settle(d)):.2f} s (one run)")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
