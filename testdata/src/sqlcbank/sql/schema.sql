CREATE TABLE ledgers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  state VARCHAR(16) NOT NULL,
  UNIQUE KEY uk_owner_currency (owner_id, currency)
);

CREATE TABLE postings (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ledger_id BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  memo VARCHAR(255) NOT NULL,
  KEY idx_ledger (ledger_id)
);

CREATE TABLE payouts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  due_at DATETIME NOT NULL,
  KEY idx_state_due (state, due_at)
);
