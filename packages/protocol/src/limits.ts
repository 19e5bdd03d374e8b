/** Size limits shared by server validation and client-side checks. */
export const LIMITS = {
  messageLength: 5000,
  /**
   * Characters of a message an inbox preview carries (a conversation's `lastMessage`: lists,
   * activity batches, notifications). Every agent of the site gets each preview, so its size must
   * not grow with the message's; the whole message is in the conversation's history.
   */
  previewLength: 200,
  nameLength: 80,
  emailLength: 254,
  clientIdLength: 64,
  passwordMinLength: 8,
  passwordMaxLength: 200,
  /** Messages returned by one history / sync request. */
  historyPage: 500,
  /** Conversations returned by one list request. */
  listPage: 200,
  /** Largest socket frame the server accepts (Socket.IO maxHttpBufferSize). */
  socketFrameBytes: 64 * 1024,
  /** Largest HTTP body the server accepts. */
  httpBodyBytes: 64 * 1024,
  /** Longest transcript retention a site can set (10 years); no retention at all is `null`. */
  retentionDaysMax: 3650,
} as const;

/** Customer-service defaults (shared/DESIGN.md): waiting caps and the first-response target. */
export const DEFAULTS = {
  maxWaitingPerChannel: 2,
  maxWaitingPerSite: 15,
  agentMaxChats: 3,
  firstResponseTargetSeconds: 120,
} as const;
