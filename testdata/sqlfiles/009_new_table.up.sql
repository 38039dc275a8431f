-- A table this migration creates is new and empty: indexing it right away
-- waits for no one.
CREATE TABLE search_terms (id BIGINT PRIMARY KEY, body TEXT);
CREATE FULLTEXT INDEX ft_body ON search_terms (body);
ALTER TABLE search_terms MODIFY body MEDIUMTEXT;

-- CREATE TABLE IF NOT EXISTS may find an old table with rows: the index
-- built on it still allows no writes.
CREATE TABLE IF NOT EXISTS notes (id BIGINT PRIMARY KEY, body TEXT);
CREATE FULLTEXT INDEX ft_notes ON notes (body); -- want `ddl-lock: CREATE INDEX on notes cannot run online: adding a FULLTEXT`
