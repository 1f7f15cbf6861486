/**
 * The start of the bank's business day containing `now`: midnight India Standard Time (UTC+05:30, no
 * daylight saving), as a UTC instant. The daily limit counts debits from this instant on.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const dayStart = (now: Date): Date =>
  new Date(Math.floor((now.getTime() + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS);
