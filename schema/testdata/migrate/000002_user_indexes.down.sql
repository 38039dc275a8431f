-- Must never be applied: it would drop the indexes again.
ALTER TABLE users DROP INDEX uk_email;
DROP INDEX idx_name ON users;
