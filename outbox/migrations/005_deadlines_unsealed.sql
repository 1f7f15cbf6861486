-- A deadline no longer holds a sealed message (issue 9): it stores what its switch.TimeoutElapsed.v1 needs, and
-- the sweeper seals that message only when the timer fires — a leg answered in time (the usual case) costs no
-- seal. Rows armed before this migration keep their sealed message (exchange, routing_key, headers, body) and
-- the sweeper publishes it as stored (deadlineSweeper.ts); new rows leave those columns NULL.
ALTER TABLE deadlines ADD COLUMN leg_message_id text;           -- the leg request's message id (TimeoutElapsed.legMessageId)
ALTER TABLE deadlines ADD COLUMN armed_at timestamptz;          -- the arming handler's clock (TimeoutElapsed.armedAt)
ALTER TABLE deadlines ALTER COLUMN exchange DROP NOT NULL;
ALTER TABLE deadlines ALTER COLUMN routing_key DROP NOT NULL;
ALTER TABLE deadlines ALTER COLUMN headers DROP NOT NULL;
ALTER TABLE deadlines ALTER COLUMN headers DROP DEFAULT;
ALTER TABLE deadlines ALTER COLUMN body DROP NOT NULL;
-- Either a row from before (its sealed message, publishable as it is) or one the sweeper can seal.
ALTER TABLE deadlines ADD CONSTRAINT deadlines_fireable CHECK (
  (body IS NOT NULL AND exchange IS NOT NULL AND routing_key IS NOT NULL AND headers IS NOT NULL)
  OR (leg_message_id IS NOT NULL AND armed_at IS NOT NULL));
