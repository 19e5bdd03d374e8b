/** The sites module's public surface for other modules. */
export { assertOriginAllowed } from './check-origin.ts';
export { findAgentSiteIds, findAgentSites, findChannels, findOnlineChannelIds, findPublicSite, toChannel } from './sites.repository.ts';
export { startVisitorSession } from './start-visitor-session.ts';
export { toVisitor, toWidgetSettings } from './visitor-view.ts';
export { faqSearchText } from './search-faq.ts';
