-- With foreign_key_checks off, ADD FOREIGN KEY runs in place.
SET foreign_key_checks = 0;
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES accounts (id);
SET foreign_key_checks = 1;
ALTER TABLE jobs ADD CONSTRAINT fk_jobs_order FOREIGN KEY (id) REFERENCES orders (id); -- want `ddl-lock: .*foreign_key_checks on`
