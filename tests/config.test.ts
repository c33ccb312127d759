import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('an operator configures Élan through the environment', () => {
  it('starts with no configuration at all, on SQLite in ./data and port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/elan.db',
      reviewWindowDays: 14,
      nominationRateLimit: { max: 20, windowSeconds: 3600 },
      verifyRateLimit: { max: 30, windowSeconds: 60 },
      mailRateLimit: { max: 10, windowSeconds: 86400 },
      trustProxy: 0,
      workers: 1,
    });
  });

  it('derives the public address from the port and drops a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://badges.example.org/' }).publicUrl).toBe('https://badges.example.org');
  });

  it('is told every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NOMINATION_RATE_LIMIT: 'lots', ELAN_ADMIN_EMAIL: 'admin@example.org' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('NOMINATION_RATE_LIMIT');
    }
    expect(() => loadConfig({ ELAN_ADMIN_EMAIL: 'admin@example.org' })).toThrow(/ELAN_ADMIN_PASSWORD/);
  });

  it('reads the rate limit and the proxy switch in plain words', () => {
    const config = loadConfig({ NOMINATION_RATE_LIMIT: '5/minute', VERIFY_RATE_LIMIT: '2/second', TRUST_PROXY: 'on' });
    expect(config.nominationRateLimit).toEqual({ max: 5, windowSeconds: 60 });
    expect(config.verifyRateLimit).toEqual({ max: 2, windowSeconds: 1 });
    expect(config.trustProxy).toBe(1);
  });

  it('counts the proxies in front: off, on (one), or their number; anything else is named', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ MAIL_RATE_LIMIT: '3/day' }).mailRateLimit).toEqual({ max: 3, windowSeconds: 86400 });
    for (const bad of ['maybe', '-1', '1.5', 'on,off']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: expected off, on, or the number of proxies/);
    }
  });

  it('sizes the drawing threads from the cores, or from RENDER_THREADS', () => {
    expect(loadConfig({}).renderThreads).toBe(Math.max(1, availableParallelism() - 1));
    expect(loadConfig({ RENDER_THREADS: '3' }).renderThreads).toBe(3);
    expect(() => loadConfig({ RENDER_THREADS: '0' })).toThrow(/RENDER_THREADS/);
  });
});
