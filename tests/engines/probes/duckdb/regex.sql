-- Full matches on values with line breaks ('abc' + LF, 'a' + LF + 'c').
SELECT replace(v, chr(10), '<LF>') AS v,
       regexp_full_match(v, 'a.c') AS dot,
       regexp_full_match(v, '\d+') AS digits,
       regexp_full_match(v, 'abc') AS abc
FROM words
ORDER BY v;
