-- Notebook tables of the fkstore goldens: folders hold notes (a foreign
-- key), notes carry tags through a link table whose keys are declared
-- without FOREIGN KEY constraints.
CREATE TABLE fk_folder (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME NULL
) ENGINE=InnoDB;

CREATE TABLE fk_note (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  folder_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  KEY fk_note_folder (folder_id)
) ENGINE=InnoDB;

ALTER TABLE fk_note ADD CONSTRAINT fk_note_folder FOREIGN KEY (folder_id) REFERENCES fk_folder (id);

CREATE TABLE fk_tag (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(50) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE fk_note_tag (
  note_id BIGINT NOT NULL,
  tag_id BIGINT NOT NULL,
  PRIMARY KEY (note_id, tag_id),
  KEY fk_note_tag_tag (tag_id)
) ENGINE=InnoDB;
