-- The operator's feed of recent payments (GET /v1/payments, the tools' console) reads the newest payments
-- by arrival. received_at never changes after the insert, so this index costs nothing on the state updates.
CREATE INDEX payments_received_at_idx ON payments (received_at);
