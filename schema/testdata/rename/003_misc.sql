ALTER TABLE tmp RENAME TO kept;
DROP TABLE IF EXISTS old_log, never_existed;
-- A rename of a table we never saw makes its new name unknown.
CREATE TABLE shadow (id BIGINT PRIMARY KEY);
RENAME TABLE unseen TO shadow;
-- An ALTER alone does not make a table known.
ALTER TABLE unseen2 ADD INDEX idx_x (x);
CREATE INDEX idx_y ON unseen3 (y);
