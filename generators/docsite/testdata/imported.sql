CREATE SCHEMA billing;
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
COMMENT ON TABLE customers IS 'People who buy | things.';
COMMENT ON COLUMN customers.email IS 'Where receipts go.';
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total numeric(12,2));
COMMENT ON TABLE billing.invoices IS 'One bill per order.';
