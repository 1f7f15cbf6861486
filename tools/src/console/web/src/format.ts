/** Small formatters shared by the panels. */
export const clock = (at: string | number): string => new Date(at).toTimeString().slice(0, 8);

export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}%`;

export const millis = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : `${value} ms`;

export const rupees = (paise: number): string => `₹${(paise / 100).toFixed(2)}`;

export const count = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : String(Math.round(value));

/** HH:MM:SS.mmm in local time. */
export const clockMs = (at: string): string => {
  const date = new Date(at);
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
};
