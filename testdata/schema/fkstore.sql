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

-- Shelves are known by a unique code, which their labels reference: a
-- foreign key to a unique key that is not the primary key.
CREATE TABLE fk_shelf (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(32) NOT NULL,
  UNIQUE KEY fk_shelf_code (code)
) ENGINE=InnoDB;

CREATE TABLE fk_shelf_label (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shelf_code VARCHAR(32) NOT NULL,
  label VARCHAR(50) NOT NULL,
  KEY fk_shelf_label_code (shelf_code),
  CONSTRAINT fk_shelf_label_shelf FOREIGN KEY (shelf_code) REFERENCES fk_shelf (code)
) ENGINE=InnoDB;
