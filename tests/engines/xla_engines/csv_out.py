"""The result set as CSV text: one spelling of every value, whatever the engine.

- NULL is an empty field; an empty string is `""` (as psql --csv prints it).
- Fields holding `,`, `"`, CR or LF are quoted, `"` doubled (RFC 4180);
  lines end with `\\n`.
- DECIMAL values keep the engine's scale in plain notation (`0.3000000000`,
  never `3E-1`); integers as digits; booleans `true`/`false`.
- Floating-point values (the generated SQL should have none) in their
  shortest round-trip digits, plain notation, without a trailing `.0`
  (`2`, `0.00001`), and `NaN`, `Infinity`, `-Infinity`.
- Dates `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]`.
"""

import datetime
import decimal
import math


def value_text(value):
    """The text of one value; None (NULL) is None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    return str(value)


def float_text(value):
    """A double in plain notation, shortest digits, no trailing `.0`."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = format(decimal.Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def field(text):
    """One CSV field: empty for NULL, quoted when it must be or is empty."""
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path, columns, rows):
    """Writes the header row and the rows, every line ending in `\\n`."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(field(name) for name in columns) + "\n")
        for row in rows:
            out.write(",".join(field(value_text(v)) for v in row) + "\n")
