-- A leg's status: one name for the concept across the bank (LegStatus in domain/leg.ts). The column was
-- called `state`; renaming keeps the data, and Postgres rewrites the CHECK constraints and the partial
-- index that mention it. Only the column check's generated name still says `state`: rename it too.
ALTER TABLE legs RENAME COLUMN state TO status;
ALTER TABLE legs RENAME CONSTRAINT legs_state_check TO legs_status_check;
