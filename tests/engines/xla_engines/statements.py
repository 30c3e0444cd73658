"""Splits a script into statements for engines that run one at a time (Spark).

The rule: a statement ends at a line whose last non-blank character is `;`
(the `;` is dropped), unless the line is a `--` comment. A `;` inside a
line does not split, so the generator writes one `;` at the end of each
statement's last line and never ends a line inside a string literal with
`;`. Statements with nothing but blanks and `--` comment lines are
skipped; text after the last `;` is the last statement."""


def split_statements(sql):
    """The statements of `sql`, in order, without their final `;`."""
    statements, current = [], []
    for line in sql.splitlines():
        stripped = line.rstrip()
        if stripped.endswith(";") and not stripped.lstrip().startswith("--"):
            current.append(stripped[:-1])
            statements.append("\n".join(current))
            current = []
        else:
            current.append(line)
    statements.append("\n".join(current))
    return [s for s in statements if has_code(s)]


def has_code(statement):
    """Whether the statement holds more than blanks and `--` comment lines."""
    return any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines())
