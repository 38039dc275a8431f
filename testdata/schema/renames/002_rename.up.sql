-- The owner column and the timestamp get new names; the reader index
-- keeps its name and now holds owner_id.
ALTER TABLE saved_articles RENAME COLUMN reader_id TO owner_id;
ALTER TABLE saved_articles CHANGE saved saved_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP;
