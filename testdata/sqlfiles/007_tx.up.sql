-- DDL inside an explicit transaction commits it.
START TRANSACTION;
UPDATE orders SET status = 'archived' WHERE id = 1;
ALTER TABLE orders ADD COLUMN archived_at DATETIME NULL; -- want `ddl-lock: ALTER TABLE orders commits the transaction this file began implicitly`
COMMIT;
ALTER TABLE orders ADD COLUMN archived_by INT NULL;
