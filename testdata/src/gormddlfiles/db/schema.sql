CREATE TABLE shipments (
  id BIGINT NOT NULL PRIMARY KEY,
  tracking_no VARCHAR(32) NOT NULL,
  status VARCHAR(16) NOT NULL,
  UNIQUE KEY uk_tracking (tracking_no)
);
