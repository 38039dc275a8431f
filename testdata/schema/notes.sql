CREATE TABLE note (
  id BIGINT NOT NULL AUTO_INCREMENT,
  author_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (id)
);

CREATE TABLE note_link (
  id BIGINT NOT NULL AUTO_INCREMENT,
  note_id BIGINT NOT NULL,
  target_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY note_target_kind (note_id, target_id, kind)
);
