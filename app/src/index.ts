/**
 * @switchyard/app: the customer's UPI app. Today its client of the PSP API and its phone (the SMS inbox the
 * one-time codes arrive in); later its web UI.
 */
export * from './pspClient.ts';
export * from './phone/smsInbox.ts';
export * from './receiveIntent.ts';
