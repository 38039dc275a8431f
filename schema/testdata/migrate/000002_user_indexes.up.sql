ALTER TABLE users ADD UNIQUE INDEX uk_email (email);
CREATE INDEX idx_name ON users (name);
