-- pt-online-schema-change style: copy, alter the copy, swap, drop.
CREATE TABLE _jobs_new LIKE jobs;
ALTER TABLE _jobs_new ADD INDEX idx_status_id (status, id), DROP INDEX idx_status;
RENAME TABLE jobs TO _jobs_old, _jobs_new TO jobs;
DROP TABLE _jobs_old;
