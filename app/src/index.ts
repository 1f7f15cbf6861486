/** @switchyard/app: the customer's UPI app. Today its client of the PSP API; later its web UI. */
export * from './pspClient.ts';
