-- name: GetLedgerForUpdate :one
SELECT id, owner_id, currency, balance, state FROM ledgers WHERE id = ? FOR UPDATE;
