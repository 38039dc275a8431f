-- +goose Up
ALTER TABLE orders MODIFY COLUMN note MEDIUMTEXT; -- want `ddl-lock: ALTER TABLE orders may not run online`

-- +goose Down
ALTER TABLE orders MODIFY COLUMN note TEXT;
