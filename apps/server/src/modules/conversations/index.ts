/** The conversations module's public surface for other modules. */
export { drainSiteQueues } from './routing/drain-queue.ts';
export { agentGone } from './routing/presence.ts';
export { messageWriterStats, type MessageWriterStats } from './message-writer.ts';
