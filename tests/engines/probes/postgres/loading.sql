-- How a loaded CSV file reads: every column text; an unquoted empty field
-- is NULL, a quoted one ("") the empty string; quoted fields keep commas,
-- quotes and line breaks; the header names the columns, quoted as needed.
SELECT id, note IS NULL AS note_is_null, note, "odd ""name"", here" AS odd
FROM notes
ORDER BY id;
