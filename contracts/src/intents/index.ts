export * from './upiIntent.ts';
export { parseUpiIntent } from './parseUpiIntent.ts';
export { buildUpiIntent } from './buildUpiIntent.ts';
