CREATE TABLE last (id INT PRIMARY KEY);
ALTER TABLE first ADD INDEX k_2_named (k, id);
ALTER TABLE second ADD INDEX idx_k (k);
