/**
 * The admin API: sites, channels, agents, canned responses, FAQ. Every route authenticates an
 * admin and checks the site is theirs; bodies are parsed with the protocol's admin schemas.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP } from '@parley/protocol';
import {
  createAgentSchema,
  createSiteSchema,
  itemParamsSchema,
  siteParamsSchema,
  updateAgentSchema,
  updateChannelSchema,
  updateSiteSchema,
  upsertCannedSchema,
  upsertChannelSchema,
  upsertFaqSchema,
} from '@parley/protocol/admin';
import { parse } from '../../http/parse.ts';
import { ownOrigin } from '../../http/error-handler.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { authenticateAgent, bearerToken } from '../auth/authenticate.ts';
import { assertOwnSite, authenticateAdmin } from './admin-access.ts';
import { createAgent, listAgents, updateAgent } from './manage-agents.ts';
import { createChannel, deleteChannel, listChannels, updateChannel } from './manage-channels.ts';
import { createCanned, createFaq, deleteCanned, deleteFaq, listCanned, listFaq, updateCanned, updateFaq } from './manage-content.ts';
import { createSite, listSites, rotateIdentitySecret, toAdminSite, updateSite } from './manage-sites.ts';

// Route patterns (the protocol's HTTP helpers build the concrete paths clients call).
const SITE = HTTP.adminSite(':siteId');
const CHANNELS = HTTP.adminChannels(':siteId');
const CHANNEL = HTTP.adminChannel(':siteId', ':itemId');
const AGENTS = HTTP.adminAgents(':siteId');
const AGENT = HTTP.adminAgent(':siteId', ':itemId');
const CANNED = HTTP.adminCanned(':siteId');
const CANNED_ITEM = HTTP.adminCannedItem(':siteId', ':itemId');
const FAQ = HTTP.adminFaq(':siteId');
const FAQ_ITEM = HTTP.adminFaqItem(':siteId', ':itemId');

export const adminRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, tokens, config } = deps;
  const admin = (request: FastifyRequest) => authenticateAdmin(db, tokens, request.headers.authorization);
  /** The admin and the site of a `/sites/:siteId/...` route, checked. */
  const forSite = async (request: FastifyRequest) => {
    const actor = await admin(request);
    const { siteId } = parse(siteParamsSchema, request.params);
    assertOwnSite(actor, siteId);
    return { actor, siteId };
  };
  const forItem = async (request: FastifyRequest) => {
    const { actor, siteId } = await forSite(request);
    return { actor, siteId, itemId: parse(itemParamsSchema, request.params).itemId };
  };
  const publicUrl = (request: FastifyRequest) => ownOrigin(config.publicUrl, request);

  app.get(HTTP.adminSites, async (request) => {
    const sites = await listSites(db, await admin(request));
    return { sites: sites.map((s) => toAdminSite(s, publicUrl(request))) };
  });
  app.post(HTTP.adminSites, async (request, reply) => {
    const actor = await admin(request);
    const site = await createSite(db, actor, parse(createSiteSchema, request.body).name);
    return reply.status(201).send(toAdminSite(site, publicUrl(request)));
  });
  app.patch(SITE, async (request) => {
    const { siteId } = await forSite(request);
    const { site, effects } = await updateSite(db, siteId, parse(updateSiteSchema, request.body));
    void deps.publish(effects);
    return toAdminSite(site, publicUrl(request));
  });
  app.post(HTTP.adminRotateSecret(':siteId'), async (request) => {
    const { siteId } = await forSite(request);
    return { identitySecret: await rotateIdentitySecret(db, siteId) };
  });

  app.get(CHANNELS, async (request) => ({ channels: await listChannels(db, (await forSite(request)).siteId) }));
  app.post(CHANNELS, async (request, reply) => {
    const { siteId } = await forSite(request);
    const { id, effects } = await createChannel(db, siteId, parse(upsertChannelSchema, request.body));
    void deps.publish(effects);
    return reply.status(201).send((await listChannels(db, siteId)).find((c) => c.id === id));
  });
  app.patch(CHANNEL, async (request) => {
    const { siteId, itemId } = await forItem(request);
    void deps.publish(await updateChannel(db, siteId, itemId, parse(updateChannelSchema, request.body)));
    return (await listChannels(db, siteId)).find((c) => c.id === itemId);
  });
  app.delete(CHANNEL, async (request, reply) => {
    const { siteId, itemId } = await forItem(request);
    void deps.publish(await deleteChannel(db, siteId, itemId));
    return reply.status(204).send();
  });

  app.get(AGENTS, async (request) => ({ agents: await listAgents(db, (await forSite(request)).siteId) }));
  app.post(AGENTS, async (request, reply) => {
    const { siteId } = await forSite(request);
    const id = await createAgent(db, siteId, parse(createAgentSchema, request.body));
    return reply.status(201).send((await listAgents(db, siteId)).find((a) => a.id === id));
  });
  app.patch(AGENT, async (request) => {
    const { actor, siteId, itemId } = await forItem(request);
    void deps.publish(await updateAgent(db, actor, siteId, itemId, parse(updateAgentSchema, request.body)));
    return (await listAgents(db, siteId)).find((a) => a.id === itemId);
  });

  app.get(CANNED, async (request) => ({ responses: await listCanned(db, (await forSite(request)).siteId) }));
  // Every agent of the site reads canned responses (to expand them); only admins change them.
  app.get(HTTP.cannedResponses(':siteId'), async (request) => {
    const { actor } = await authenticateAgent(db, tokens, bearerToken(request.headers.authorization));
    const { siteId } = parse(siteParamsSchema, request.params);
    assertOwnSite(actor, siteId);
    return { responses: await listCanned(db, siteId) };
  });
  app.post(CANNED, async (request, reply) => {
    const { siteId } = await forSite(request);
    return reply.status(201).send(await createCanned(db, siteId, parse(upsertCannedSchema, request.body)));
  });
  app.put(CANNED_ITEM, async (request) => {
    const { siteId, itemId } = await forItem(request);
    return updateCanned(db, siteId, itemId, parse(upsertCannedSchema, request.body));
  });
  app.delete(CANNED_ITEM, async (request, reply) => {
    const { siteId, itemId } = await forItem(request);
    await deleteCanned(db, siteId, itemId);
    return reply.status(204).send();
  });

  app.get(FAQ, async (request) => ({ articles: await listFaq(db, (await forSite(request)).siteId) }));
  app.post(FAQ, async (request, reply) => {
    const { siteId } = await forSite(request);
    return reply.status(201).send(await createFaq(db, siteId, parse(upsertFaqSchema, request.body)));
  });
  app.put(FAQ_ITEM, async (request) => {
    const { siteId, itemId } = await forItem(request);
    return updateFaq(db, siteId, itemId, parse(upsertFaqSchema, request.body));
  });
  app.delete(FAQ_ITEM, async (request, reply) => {
    const { siteId, itemId } = await forItem(request);
    await deleteFaq(db, siteId, itemId);
    return reply.status(204).send();
  });
};
