-- The tables of the relay golden package for one topic, "orders", as its
-- adapters create them: events, a queue variant, and consumer cursors.
CREATE TABLE relay_orders (
  pos BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payload JSON,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE relay_cursors_orders (
  grp VARCHAR(64) NOT NULL PRIMARY KEY,
  pos BIGINT NOT NULL
);

CREATE TABLE relay_queue_orders (
  pos BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payload JSON,
  done BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Two audit tables a method names by topic; they are indexed differently.
CREATE TABLE audit_orders (
  id BIGINT NOT NULL PRIMARY KEY,
  note VARCHAR(64)
);

CREATE TABLE audit_users (
  id BIGINT NOT NULL PRIMARY KEY,
  note VARCHAR(64),
  KEY idx_note (note)
);

-- One row by construction: the CHECK pins the primary key.
CREATE TABLE relay_version (
  id INT NOT NULL DEFAULT 0 CHECK (id = 0),
  version BIGINT NOT NULL,
  PRIMARY KEY (id)
);
