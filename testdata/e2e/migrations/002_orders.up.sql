CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  status VARCHAR(20) NOT NULL,
  created_at DATETIME NOT NULL
);
CREATE INDEX idx_orders_created ON orders (created_at);
ALTER TABLE accounts ADD INDEX idx_owner (owner_id);
