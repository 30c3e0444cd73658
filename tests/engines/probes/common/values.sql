-- Only the last statement's result set is written.
SELECT 'not this result' AS ignored;
-- VALUES with a column list in a CTE, joined on equality; concatenation.
WITH t(a, b) AS (VALUES (1, 2), (3, 4)),
     -- a comment line ending in a semicolon does not end the statement;
     u(a, c) AS (VALUES (3, 30), (1, 10))
SELECT t.a, t.b, u.c,
       'x' || 'y' AS cat,
       'x' || NULL AS cat_null,
       concat('x', NULL, 'y') AS concat_null,
       '' AS empty_text,
       NULL AS nothing,
       'x;y' AS semicolon
FROM t JOIN u ON t.a = u.a
ORDER BY t.a;
