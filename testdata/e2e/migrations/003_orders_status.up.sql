-- Free-form order states. On a large table this is an outage: changing a
-- column's type copies the table and blocks writes until the copy ends.
ALTER TABLE orders MODIFY COLUMN status TEXT NOT NULL;
