import { describe, expect, it } from 'vitest';
import { ADMIN_SECTIONS, parseRoute, routeHash } from '../src/admin/route.ts';

describe('parseRoute', () => {
  it('treats an empty or root hash as the inbox', () => {
    expect(parseRoute('')).toEqual({ page: 'inbox' });
    expect(parseRoute('#')).toEqual({ page: 'inbox' });
    expect(parseRoute('#/')).toEqual({ page: 'inbox' });
  });

  it('reads the dashboard and the settings pages', () => {
    expect(parseRoute('#/dashboard')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/dashboard/')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/admin')).toEqual({ page: 'admin', section: 'site' });
    expect(parseRoute('#/admin/channels')).toEqual({ page: 'admin', section: 'channels' });
    expect(parseRoute('#/ADMIN/Widget')).toEqual({ page: 'admin', section: 'widget' });
    expect(parseRoute('#/admin/agents?x=1')).toEqual({ page: 'admin', section: 'agents' });
  });

  it('sends unknown pages somewhere useful', () => {
    expect(parseRoute('#/admin/nope')).toEqual({ page: 'admin', section: 'site' });
    expect(parseRoute('#/settings')).toEqual({ page: 'admin', section: 'site' });
    expect(parseRoute('#/somewhere/else')).toEqual({ page: 'inbox' });
    expect(parseRoute('#conversation-123')).toEqual({ page: 'inbox' });
  });

  it('round-trips every route through its hash', () => {
    expect(routeHash({ page: 'inbox' })).toBe('#/');
    expect(routeHash({ page: 'dashboard' })).toBe('#/dashboard');
    for (const section of ADMIN_SECTIONS) {
      expect(parseRoute(routeHash({ page: 'admin', section }))).toEqual({ page: 'admin', section });
    }
  });
});
