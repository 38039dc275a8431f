-- The table of the outbox golden package.
CREATE TABLE outbox_jobs (
  id BIGINT NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL
);
