-- Exact decimals: a sum, a product, a quotient, and casts of odd spellings.
SELECT sum(CAST(x AS DECIMAL(38, 10))) AS total,
       sum(CAST(x AS DECIMAL(38, 10))) * 3 AS tripled,
       sum(CAST(x AS DECIMAL(38, 10))) / 3 AS divided,
       CAST('1e3' AS DECIMAL(38, 10)) AS exponent,
       CAST(' 2.5 ' AS DECIMAL(38, 10)) AS padded,
       CAST('-0' AS DECIMAL(38, 10)) AS negative_zero
FROM (VALUES ('0.1'), ('0.1'), ('0.1')) AS v(x);
