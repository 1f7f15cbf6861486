/** What the page reads from the app server at `/<handle>/app-config.json` (server/appServer.ts writes it). */
export type AppConfigBank = { participant: string; name: string; ifsc: string };
export type AppConfig = { handle: string; participant: string; pspName: string; banks: AppConfigBank[] };
