-- Schema for locklint's golden tests.
CREATE TABLE accounts (
  id BIGINT NOT NULL PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  email VARCHAR(190) NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  status VARCHAR(20) NOT NULL,
  created_at DATETIME NOT NULL,
  version INT NOT NULL DEFAULT 0,
  UNIQUE KEY uk_email (email),
  KEY idx_owner (owner_id)
);

CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT,
  customer_id BIGINT NOT NULL,
  region VARCHAR(10) NOT NULL,
  status VARCHAR(20) NOT NULL,
  created_at DATETIME NOT NULL,
  note TEXT,
  PRIMARY KEY (id),
  KEY idx_region_status (region, status),
  KEY idx_created (created_at)
);

CREATE TABLE jobs (
  id BIGINT NOT NULL PRIMARY KEY,
  status INT NOT NULL,
  run_at DATETIME NOT NULL,
  worker VARCHAR(64),
  KEY idx_status_run (status, run_at)
);

CREATE TABLE inventory (
  sku VARCHAR(32) NOT NULL,
  warehouse INT NOT NULL,
  qty INT NOT NULL,
  PRIMARY KEY (sku, warehouse)
);

-- The ticketing service (bun): seats and bookings as its migrations
-- create them; events is known from its model's tags only.
CREATE TABLE seats (
  id BIGINT NOT NULL AUTO_INCREMENT,
  event_id BIGINT NOT NULL,
  label VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  held_by BIGINT,
  PRIMARY KEY (id),
  UNIQUE KEY event_label (event_id, label),
  KEY idx_held_by (held_by)
);

CREATE TABLE bookings (
  id BIGINT NOT NULL AUTO_INCREMENT,
  reference VARCHAR(64) NOT NULL,
  seat_id BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  deleted_at DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY reference (reference),
  KEY idx_seat (seat_id)
);

-- The payouts service (goqu).
CREATE TABLE payouts (
  id BIGINT NOT NULL AUTO_INCREMENT,
  reference VARCHAR(64) NOT NULL,
  merchant_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_reference (reference),
  KEY idx_merchant (merchant_id)
);
