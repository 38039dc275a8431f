-- Migrations after a snapshot change the snapshot's tables.
ALTER TABLE events ADD INDEX idx_kind_created (kind, created_at);
