/** The UPI Head of a message we send (contracts/src/head.ts): msgId is the outbox message id. */
export { headFor } from '@switchyard/contracts';
