-- One name per concept: the id of the request a row answers is its request message id.
ALTER TABLE payments RENAME COLUMN req_msg_id TO request_message_id;
ALTER TABLE payment_notices RENAME COLUMN req_msg_id TO request_message_id;
ALTER TABLE upstream_requests RENAME COLUMN req_msg_id TO request_message_id;
