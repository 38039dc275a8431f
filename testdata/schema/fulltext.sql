-- Notes with a full-text index for search and a B-tree index for the
-- author.
CREATE TABLE notes (
  id BIGINT NOT NULL AUTO_INCREMENT,
  author_id BIGINT NOT NULL,
  heading VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  PRIMARY KEY (id),
  KEY idx_author (author_id),
  FULLTEXT KEY ft_text (heading, body)
);

CREATE TABLE drafts (
  id BIGINT NOT NULL AUTO_INCREMENT,
  heading VARCHAR(200) NOT NULL,
  PRIMARY KEY (id)
);
CREATE FULLTEXT INDEX ft_draft_heading ON drafts (heading);
