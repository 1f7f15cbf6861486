-- One name per concept: a payment's lifecycle value is its status (as in the domain), message ids are
-- message ids (their value is also UPI's head.msgId).
ALTER TABLE payments RENAME COLUMN state TO status;
ALTER TABLE forwarded_requests RENAME COLUMN requester_msg_id TO requester_message_id;
ALTER TABLE forwarded_requests RENAME COLUMN forwarded_msg_id TO forwarded_message_id;
