-- A relative path resolves against --file-root (tests/engines/probes).
CREATE TEMP VIEW incidents USING csv OPTIONS (path 'incidents.csv', header 'true');
SELECT count(*) AS n, sum(CAST(cost AS DECIMAL(38, 10))) AS total FROM incidents;
