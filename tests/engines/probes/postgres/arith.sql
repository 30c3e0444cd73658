-- Integer division and floor of BIGINT seconds, negative ones included.
SELECT t,
       t / 86400 AS slash,
       floor(t / 86400) AS floor_slash,
       div(t, 86400) AS native_div,
       floor(t / 86400.0) AS floor_decimal,
       t % 86400 AS remainder
FROM (VALUES (CAST(-86401 AS BIGINT)), (CAST(-86400 AS BIGINT)), (CAST(-1 AS BIGINT)),
             (CAST(86399 AS BIGINT)), (CAST(1700000000 AS BIGINT))) AS v(t)
ORDER BY t;
