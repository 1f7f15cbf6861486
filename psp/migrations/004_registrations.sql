-- Issue 7: a customer is who they prove to be. Registering (binding a mobile to a device) takes two steps:
-- POST /v1/users stores a pending registration and sends a one-time code by SMS to the mobile; POST
-- /v1/users/verify with the code completes it. Only a verifier of the code is kept (scrypt with a random
-- salt), wrong codes are counted, and the third locks the registration for good.
CREATE TABLE registrations (
  registration_id uuid        PRIMARY KEY,
  name            text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 99),
  mobile          text        NOT NULL CHECK (mobile ~ '^[6-9][0-9]{9}$'),
  device_id       text        NOT NULL CHECK (char_length(device_id) BETWEEN 1 AND 64),
  otp_verifier    text        NOT NULL,
  failed_attempts integer     NOT NULL DEFAULT 0 CHECK (failed_attempts BETWEEN 0 AND 100),
  status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'VERIFIED', 'LOCKED')),
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL CHECK (expires_at > created_at),
  completed_at    timestamptz,
  CHECK ((status = 'PENDING') = (completed_at IS NULL))
);
CREATE INDEX registrations_created_idx ON registrations (created_at);
