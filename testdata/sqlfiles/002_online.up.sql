-- Online operations: instant or in place with concurrent writes.
ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL;
ALTER TABLE orders ADD INDEX idx_shipped (shipped_at);
CREATE INDEX idx_status ON accounts (status);
ALTER TABLE orders DROP INDEX idx_shipped;
ALTER TABLE orders RENAME COLUMN shipped_at TO sent_at;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
ALTER TABLE inventory DROP PRIMARY KEY, ADD PRIMARY KEY (sku, warehouse, qty);
DROP TABLE IF EXISTS legacy;
-- An explicit algorithm: the server refuses rather than copies.
ALTER TABLE orders MODIFY COLUMN status TEXT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE accounts CONVERT TO CHARACTER SET utf8mb4, LOCK=SHARED;
-- MariaDB's WAIT n bounds the statement's own metadata-lock wait.
ALTER TABLE orders WAIT 5 MODIFY COLUMN status TEXT NOT NULL;
ALTER TABLE orders NOWAIT CONVERT TO CHARACTER SET utf8mb4;
-- A reasoned suppression.
-- locklint:ignore ddl-lock accounts holds 12 rows, copying it takes no time
ALTER TABLE accounts MODIFY COLUMN email VARCHAR(255) NOT NULL;
