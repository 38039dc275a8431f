-- Session locks a migration must release.
LOCK TABLES jobs WRITE; -- want `table-lock: LOCK TABLES jobs WRITE is held by the session until UNLOCK TABLES runs on it or it disconnects, blocking every other session's reads and writes of jobs, and this file never runs UNLOCK TABLES`
UPDATE jobs SET status = 0 WHERE id = 1;
FLUSH TABLES WITH READ LOCK; -- want `table-lock: FLUSH TABLES WITH READ LOCK takes the server's global read lock`
SELECT GET_LOCK('migrate', 10); -- want `table-lock: GET_LOCK is held by the session until RELEASE_LOCK`
