"""Quoting for the SQL that loads the tables."""


def quote(identifier):
    """A double-quoted identifier (DuckDB, PostgreSQL)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text):
    """A single-quoted string literal."""
    return "'" + text.replace("'", "''") + "'"


def qualified(table):
    """The table's quoted name, `"schema"."table"` or `"table"`."""
    return f"{quote(table.schema)}.{quote(table.name)}" if table.schema else quote(table.name)
