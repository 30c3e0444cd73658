-- A relative path resolves against --file-root (tests/engines/probes).
SELECT count(*) AS n, sum(CAST(cost AS DECIMAL(38, 10))) AS total
FROM read_csv('incidents.csv', header = true, all_varchar = true);
