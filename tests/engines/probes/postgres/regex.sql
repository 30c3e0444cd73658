-- Full matches on values with line breaks ('abc' + LF, 'a' + LF + 'c').
SELECT replace(v, chr(10), '<LF>') AS v,
       v ~ '^(?:a.c)$' AS dot,
       v ~ '^(?:\d+)$' AS digits,
       v ~ '^(?:abc)$' AS abc
FROM words
ORDER BY v;
