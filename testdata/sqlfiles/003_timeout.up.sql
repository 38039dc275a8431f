-- A short lock_wait_timeout first: the ALTERs fail fast instead of
-- queueing every query on the table behind them.
SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders MODIFY COLUMN status TEXT NOT NULL;
ALTER TABLE accounts CONVERT TO CHARACTER SET utf8mb4;
