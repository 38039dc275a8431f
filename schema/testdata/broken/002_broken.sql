CREATE TABLE before_error (id INT PRIMARY KEY);

-- Line 4 does not parse: what it did to its table is unknown.
ALTER TABLE second ADD INDEX ,, (k);
ALTER TABLE first ADD INDEX after_error (id, k);
CREATE TABLE oops (id INT PRIMARY KEY,, x INT); -- fails too
