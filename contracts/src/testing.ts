/**
 * @switchyard/contracts/testing: helpers for tests of other workspaces, never for production code.
 */
export { createUncheckedSealer } from './crypto/envelope.ts';
