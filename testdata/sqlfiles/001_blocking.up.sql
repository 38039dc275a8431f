-- Each ALTER below cannot run online: the server copies the table or
-- blocks writes for the whole statement.
-- Becoming a VARCHAR may be a widening within the length prefix, which runs
-- in place; the old type is not in the statement, so nothing is said.
ALTER TABLE orders MODIFY COLUMN status VARCHAR(40) NOT NULL;
ALTER TABLE orders MODIFY COLUMN status TEXT NOT NULL; -- want `ddl-lock: ALTER TABLE orders may not run online: if it changes a column's data type`

ALTER TABLE accounts -- want `ddl-lock: ALTER TABLE accounts cannot run online: CONVERT TO CHARACTER SET rewrites every text column`
  CONVERT TO CHARACTER SET utf8mb4;

ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES accounts (id); -- want `ddl-lock: .*adding a foreign key with foreign_key_checks on`

ALTER TABLE inventory DROP PRIMARY KEY; -- want `ddl-lock: .*dropping the primary key without adding another`

ALTER TABLE orders CHANGE COLUMN note notes TEXT; -- want `ddl-lock: ALTER TABLE orders may not run online`

CREATE FULLTEXT INDEX ft_note ON orders (note); -- want `ddl-lock: CREATE INDEX on orders cannot run online: adding a FULLTEXT or SPATIAL index allows no concurrent writes`
ALTER TABLE accounts ADD FULLTEXT INDEX ft_email (email); -- want `ddl-lock: ALTER TABLE accounts cannot run online: adding a FULLTEXT`
