import { availableParallelism } from 'node:os';
import { z } from 'zod';

const rateLimit = z
  .string()
  .regex(/^\d+\/(second|minute|hour|day)$/, 'expected a count and a period, such as 20/hour')
  .transform((value) => {
    const [count, period] = value.split('/') as [string, 'second' | 'minute' | 'hour' | 'day'];
    const seconds = { second: 1, minute: 60, hour: 3600, day: 86400 }[period];
    return { max: Number(count), windowSeconds: seconds };
  });

const onOff = z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', '']).transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

// How many proxies in front append to X-Forwarded-For: `off` none, `on` one, or their number.
const proxies = z
  .string()
  .regex(/^(on|off|true|false|yes|no|\d{1,2})$/, 'expected off, on, or the number of proxies in front (1, 2, …)')
  .transform((value) => (/^\d+$/.test(value) ? Number(value) : ['on', 'true', 'yes'].includes(value) ? 1 : 0));

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'expected sqlite:<path> or postgres://…')
      .default('sqlite:./data/elan.db'),
    ELAN_ADMIN_EMAIL: z.email().optional(),
    ELAN_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
    ISSUER_NAME: z.string().min(1).default('Élan'),
    ISSUER_URL: z.url({ protocol: /^https?$/ }).optional(),
    ISSUER_EMAIL: z.email().optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…')
      .optional(),
    MAIL_FROM: z.string().optional(),
    REVIEW_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    NOMINATION_RATE_LIMIT: rateLimit.prefault('20/hour'),
    VERIFY_RATE_LIMIT: rateLimit.prefault('30/minute'),
    NOMINATION_CHALLENGE: onOff.prefault('off'),
    MAIL_RATE_LIMIT: rateLimit.prefault('10/day'),
    TRUST_PROXY: proxies.prefault('off'),
    WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    RENDER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    SECRET_KEY: z.string().min(16).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .refine((env) => !env.ELAN_ADMIN_EMAIL === !env.ELAN_ADMIN_PASSWORD, {
    message: 'ELAN_ADMIN_EMAIL and ELAN_ADMIN_PASSWORD go together',
    path: ['ELAN_ADMIN_PASSWORD'],
  });

export type Config = Readonly<{
  port: number;
  publicUrl: string;
  databaseUrl: string;
  adminEmail: string | null;
  adminPassword: string | null;
  issuer: Readonly<{ name: string; url: string; email: string }>;
  smtpUrl: string | null;
  mailFrom: string;
  reviewWindowDays: number;
  nominationRateLimit: Readonly<{ max: number; windowSeconds: number }>;
  /** Verifications (the /verify page and API together) per client address. */
  verifyRateLimit: Readonly<{ max: number; windowSeconds: number }>;
  /** Whether the nomination form and API ask for a solved proof-of-work challenge (field `altcha`). */
  nominationChallenge: boolean;
  /** Mail to any one address (counted by a keyed hash of it); past it, a message is dropped with a log line. */
  mailRateLimit: Readonly<{ max: number; windowSeconds: number }>;
  /** Proxies in front whose X-Forwarded-For entries are believed, counted from the right; 0 believes none. */
  trustProxy: number;
  workers: number;
  /** Worker threads for drawing, each process its own: by default the cores less one, at least one. */
  renderThreads: number;
  /** Secret for keyed hashes (client addresses); when unset, one is generated and kept in the database. */
  secretKey: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    adminEmail: e.ELAN_ADMIN_EMAIL?.toLowerCase() ?? null,
    adminPassword: e.ELAN_ADMIN_PASSWORD ?? null,
    issuer: Object.freeze({
      name: e.ISSUER_NAME,
      url: (e.ISSUER_URL ?? publicUrl).replace(/\/+$/, ''),
      email: e.ISSUER_EMAIL ?? `badges@${new URL(publicUrl).hostname}`,
    }),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `${e.ISSUER_NAME} <${e.ISSUER_EMAIL ?? `no-reply@${new URL(publicUrl).hostname}`}>`,
    reviewWindowDays: e.REVIEW_WINDOW_DAYS,
    nominationRateLimit: Object.freeze(e.NOMINATION_RATE_LIMIT),
    verifyRateLimit: Object.freeze(e.VERIFY_RATE_LIMIT),
    nominationChallenge: e.NOMINATION_CHALLENGE,
    mailRateLimit: Object.freeze(e.MAIL_RATE_LIMIT),
    trustProxy: e.TRUST_PROXY,
    workers: e.WORKERS,
    renderThreads: e.RENDER_THREADS ?? Math.max(1, availableParallelism() - 1),
    secretKey: e.SECRET_KEY ?? null,
    logLevel: e.LOG_LEVEL,
  });
}
