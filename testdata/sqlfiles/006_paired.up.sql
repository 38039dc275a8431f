-- Locks released before the file ends.
LOCK TABLES inventory WRITE;
UPDATE inventory SET qty = 0 WHERE sku = 'a' AND warehouse = 1;
UNLOCK TABLES;
SELECT GET_LOCK('migrate', 10);
UPDATE jobs SET status = 0 WHERE id = 1;
SELECT RELEASE_LOCK('migrate');
