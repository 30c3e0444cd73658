-- What generated SQL does: a temporary view over a text table, typed with
-- CAST, a regex full match, a WITH chain, a VALUES table joined on an
-- integer, exact DECIMAL(38, 10) sums, GROUP BY with ORDER BY.
CREATE TEMP VIEW typed AS
SELECT number,
       CAST(opened AS BIGINT) AS opened,
       CAST(cost AS DECIMAL(38, 10)) AS cost,
       CAST(priority AS BIGINT) AS priority
FROM itsm.incidents
WHERE number rlike r'^(?:[A-Z]+[0-9]+)\z';
WITH dayed AS (
  SELECT CAST(floor(opened / 86400.0) AS BIGINT) AS day, cost, priority FROM typed
),
weights(priority, weight) AS (VALUES (1, 10), (2, 20), (3, 30))
SELECT d.day, count(*) AS n, sum(d.cost) AS total, sum(w.weight) AS weight
FROM dayed d JOIN weights w ON d.priority = w.priority
GROUP BY d.day
ORDER BY d.day;
