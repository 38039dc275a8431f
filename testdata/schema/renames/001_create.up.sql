-- A shelf of saved articles, as first created.
CREATE TABLE saved_articles (
  id BIGINT NOT NULL AUTO_INCREMENT,
  reader_id BIGINT NOT NULL,
  link VARCHAR(500) NOT NULL,
  saved TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  label VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY idx_reader (reader_id)
);
