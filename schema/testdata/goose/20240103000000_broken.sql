-- +goose Up
-- The error below is on line 6 of this file; goose sections
-- must not shift it.
CREATE TABLE broken_ok (id INT PRIMARY KEY);

CREATE TABLE broken_bad (id INT PRIMARY KEY,, x INT);

-- +goose Down
DROP TABLE broken_ok;
