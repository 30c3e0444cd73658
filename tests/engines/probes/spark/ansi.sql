-- ANSI mode for this job only (each job has its own session): a bad CAST
-- is an error, try_cast is NULL.
SET spark.sql.ansi.enabled = true;
SELECT try_cast('2024-02-30' AS DATE) AS tried, CAST('2024-02-30' AS DATE) AS d;
