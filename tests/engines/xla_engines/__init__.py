"""Runs one SQL script on a real engine (DuckDB, PostgreSQL, Spark) and
writes the last statement's result set as CSV; see tests/engines/README.md."""
