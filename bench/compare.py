"""Checks that xla's settlement metric values equal a peer's, exactly.

Usage: python compare.py XLA_OUT_DIR PEER_JSON

PEER_JSON is what months.py or polars_peer.py wrote. Compares every metric of
every month: the value as an exact decimal (xla writes decimal strings; the
peers computed theirs on integers with the same rounding) and the volume
(the rows behind it). Prints the metrics compared and exits 1 if any
differs.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)


def main() -> None:
    out, peer = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
    engine, months = peer.get("engine", "peer"), peer["months"]
    compared, differences = 0, []
    for month, expected in sorted(months.items()):
        xla = {m["name"]: m for m in json.loads((out / f"settlement-{month}.json").read_text())["metrics"]}
        for name, want in expected.items():
            got = xla[name]
            compared += 1
            if not same(got["value"], want["value"]):
                differences.append(f"{month} {name}: xla {got['value']}, {engine} {want['value']}")
            if want["volume"] is not None and got["volume"] != want["volume"]:
                differences.append(f"{month} {name} volume: xla {got['volume']}, {engine} {want['volume']}")
    names = sorted(next(iter(months.values())).keys())
    print(f"{engine}: compared {compared} metric values ({len(names)} metrics x {len(months)} months): {', '.join(names)}")
    if differences:
        print("DIFFERENCES:\n  " + "\n  ".join(differences))
        sys.exit(1)
    print("all equal")


if __name__ == "__main__":
    main()
