-- Text to TIMESTAMP: an ISO 'T' and 'Z', an offset, and 24:00.
SELECT CAST('2024-01-01T10:00:00Z' AS TIMESTAMP) AS iso_z,
       CAST('2024-01-01 10:00:00+02:00' AS TIMESTAMP) AS offset,
       CAST('2024-1-5' AS DATE) AS short_date;
