-- DDL wins over the snapshot for users.
CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100), UNIQUE KEY (email));
