-- +goose NO TRANSACTION
-- +goose Up
CREATE TABLE ledger (
  id BIGINT NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL
);
-- +goose Down
DROP TABLE ledger;
-- +goose Up
ALTER TABLE ledger ADD INDEX (account_id);
-- +goose Down
ALTER TABLE ledger DROP INDEX account_id;
