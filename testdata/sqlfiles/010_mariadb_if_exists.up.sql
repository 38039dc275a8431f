-- MariaDB's IF [NOT] EXISTS on ALTER TABLE clauses: the statement is read
-- like the same one without them, so a foreign key added next to a
-- conditional drop is still a table copy.
ALTER TABLE orders -- want `ddl-lock: ALTER TABLE orders cannot run online: adding a foreign key with foreign_key_checks on`
    DROP FOREIGN KEY IF EXISTS orders_ibfk_1,
    ADD COLUMN IF NOT EXISTS account_id BIGINT DEFAULT NULL,
    ADD CONSTRAINT IF NOT EXISTS fk_orders_account FOREIGN KEY (account_id) REFERENCES accounts (id);

-- Adding a column and an index runs online, with or without the clauses.
ALTER TABLE IF EXISTS orders
    ADD COLUMN IF NOT EXISTS archived BOOLEAN NOT NULL DEFAULT FALSE,
    ADD INDEX IF NOT EXISTS idx_orders_archived (archived);
