-- Full matches on values with line breaks ('abc' + LF, 'a' + LF + 'c').
-- Spark reads backslash escapes in '…' literals: r'…' keeps them.
SELECT replace(v, chr(10), '<LF>') AS v,
       v rlike '^(?:a.c)$' AS dot,
       v rlike r'^(?:\d+)$' AS digits,
       v rlike '^(?:abc)$' AS abc,
       v rlike r'^(?:abc)\z' AS abc_z
FROM words
ORDER BY v;
