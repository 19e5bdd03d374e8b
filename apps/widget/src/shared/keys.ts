/**
 * Per-site localStorage keys the loader and the app share (the visitor token's key comes from the
 * protocol). Tiny on purpose: the loader bundles this file.
 */

/** Set ('1') while the visitor has a conversation in progress: the loader then loads the app and
 * the app opens its socket at once, so agent replies and agent-started chats reach the visitor. */
export const chatFlagKey = (siteKey: string) => `parley:${siteKey}:chat`;

/** Set ('1') when the visitor muted the widget's sounds. */
export const mutedKey = (siteKey: string) => `parley:${siteKey}:muted`;

/** The id of the last message a beep was played for, so several open tabs beep once. */
export const beepKey = (siteKey: string) => `parley:${siteKey}:beep`;

/** The visitor's messages not acknowledged yet (JSON, see src/app/outbox.ts), resent after a reload. */
export const outboxKey = (siteKey: string) => `parley:${siteKey}:outbox`;
