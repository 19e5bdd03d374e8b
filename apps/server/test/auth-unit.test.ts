import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { hashPassword, verifyPassword } from '../src/modules/auth/passwords.ts';
import { createTokenService } from '../src/modules/auth/tokens.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const tokens = createTokenService(TEST_JWT_SECRET, { visitor: 60, agent: 60 });
const ids = { visitorId: '0b6c2c55-3d4b-4c36-9d7c-3b2b7f0e6a11', siteId: '5a1d2f4e-8c7b-4e2a-9f61-2d3c4b5a6e7f' };

describe('tokens', () => {
  it('round-trips visitor and agent claims', () => {
    expect(tokens.verifyVisitor(tokens.signVisitor(ids))).toEqual(ids);
    expect(tokens.verifyAgent(tokens.signAgent({ agentId: ids.visitorId, version: 3 }))).toEqual({ agentId: ids.visitorId, version: 3 });
  });

  it('never accepts a visitor token as an agent token, or the reverse', () => {
    expect(() => tokens.verifyAgent(tokens.signVisitor(ids))).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => tokens.verifyVisitor(tokens.signAgent({ agentId: ids.visitorId, version: 0 }))).toThrow(
      expect.objectContaining({ code: 'UNAUTHORIZED' }),
    );
  });

  it('refuses alg none, a wrong key, an expired token and garbage', () => {
    const claims = { sid: ids.siteId, aud: 'parley:visitor', iss: 'parley', sub: ids.visitorId };
    const unsigned = jwt.sign(claims, '', { algorithm: 'none' });
    const wrongKey = jwt.sign(claims, 'another-secret-another-secret-another', { algorithm: 'HS256' });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    for (const token of [unsigned, wrongKey, expired, 'garbage', '']) {
      expect(() => tokens.verifyVisitor(token)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    }
  });
});

describe('passwords', () => {
  it('stores a salted scrypt hash, never the password, and verifies it', async () => {
    const hash = await hashPassword('mật khẩu bí mật');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('mật khẩu');
    expect(await hashPassword('mật khẩu bí mật')).not.toBe(hash);
    expect(await verifyPassword('mật khẩu bí mật', hash)).toBe(true);
    expect(await verifyPassword('mat khau bi mat', hash)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('config', () => {
  it('applies defaults', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/parley-config-test', JWT_SECRET: TEST_JWT_SECRET });
    expect(config).toMatchObject({ port: 3000, host: 'localhost', seedDemo: true, databaseUrl: undefined });
  });

  it('fails fast naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('does not seed the demo on PostgreSQL unless asked', () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: TEST_JWT_SECRET };
    expect(loadConfig(env).seedDemo).toBe(false);
    expect(loadConfig({ ...env, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });
});
