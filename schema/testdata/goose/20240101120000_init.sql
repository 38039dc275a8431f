-- +goose Up
-- +goose StatementBegin
CREATE TABLE accounts (
  id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
);
-- +goose StatementEnd
CREATE INDEX idx_owner ON accounts (owner_id);

-- +goose Down
-- Down sections are never applied, and need not even parse:
this is not SQL;
DROP TABLE accounts;
