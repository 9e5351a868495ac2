import path from 'node:path';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** MIGRATION_DATABASE_URL: the tables' owner, for migrations, when DATABASE_URL is the app's least-privilege role. */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  migrateOnStart: boolean;
  /**
   * Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe, as Express's "trust proxy"
   * takes it: false (none), a number of hops in front of the app, or the proxies' addresses.
   * Never true: that would believe whatever address a client wrote in the header.
   */
  trustProxy: false | number | string[];
  productName: string;
  shutdownTimeoutMs: number;
  bodyLimit: string;
  /** A request whose headers and body have not all arrived by then is answered 408 and cut off. */
  requestTimeoutMs: number;
  /** A request not answered by then (the database frozen or gone quiet) gets a 503 "try again" page. */
  requestDeadlineMs: number;
  /** Whether practitioners and experts by experience must use a second factor too (leads and administrators always must). */
  mfaRequiredForAll: boolean;
  /** APP_SECRET: the key for encrypting TOTP secrets and keying anonymous rate limits (see secret.ts). Required in production. */
  appSecret: string | undefined;
  /** The address people use to reach the app: every link the app gives out (invitations, resets) starts with it, never with a request's Host. */
  publicUrl: string;
}

type Env = Record<string, string | undefined>;

function readPort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

function readBoolean(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, not "${value}"`);
}

function readSeconds(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new Error(`${name} must be a number of seconds from 1 to 3600, not "${value}"`);
  return seconds;
}

/** TRUST_PROXY: a number of proxy hops, or a comma-separated list of the proxies' addresses or subnets. */
function readTrustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined || value === '' || /^(0|false|no|off)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(1|true|yes|on)$/i.test(value)) {
    throw new Error(
      'TRUST_PROXY must be the number of proxies in front of the app (for example 1) or their addresses, not "true": "true" would believe any X-Forwarded-For a client sends',
    );
  }
  const addresses = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const address = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i;
  const wrong = addresses.find((part) => !address.test(part));
  if (wrong !== undefined || addresses.length === 0) {
    throw new Error(
      `TRUST_PROXY must be a number of proxy hops or a comma-separated list of the proxies' addresses (such as 10.0.0.5 or 10.0.0.0/24), not "${value}"`,
    );
  }
  return addresses;
}

function readPublicUrl(value: string | undefined, env: Config['env'], port: number): string {
  if (!value) {
    if (env === 'production')
      throw new Error(
        'PUBLIC_URL must be set when NODE_ENV is production: invitation and reset links are built from it (for example https://tracker.example.gov.uk)',
      );
    return `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be a web address such as https://tracker.example.gov.uk, not "${value}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
    throw new Error(`PUBLIC_URL must be a plain http or https address such as https://tracker.example.gov.uk, not "${value}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Every setting, read once. Refuses to start in production without what production needs. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new Error('DATABASE_URL must be set when NODE_ENV is production: the embedded database is for trying the app on one machine');
  }
  const port = readPort(env.PORT, 'PORT', 3000);
  const appSecret = env.APP_SECRET || undefined;
  if (nodeEnv === 'production' && !appSecret) {
    throw new Error(
      'APP_SECRET must be set when NODE_ENV is production: a random value of at least 32 characters, the same on every instance (for example from `openssl rand -base64 32`). It encrypts two-step sign-in keys',
    );
  }
  if (appSecret !== undefined && appSecret.length < 32)
    throw new Error('APP_SECRET must be at least 32 characters long: use a random value, such as one from `openssl rand -base64 32`');
  return {
    env: nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    migrateOnStart: readBoolean(env.MIGRATE_ON_START, 'MIGRATE_ON_START', nodeEnv !== 'production'),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    productName: env.PRODUCT_NAME || 'Innovation Site Tracker',
    shutdownTimeoutMs: 10_000,
    bodyLimit: '100kb',
    requestTimeoutMs: readSeconds(env.REQUEST_TIMEOUT_SECONDS, 'REQUEST_TIMEOUT_SECONDS', 60) * 1000,
    requestDeadlineMs: 4_500,
    mfaRequiredForAll: readBoolean(env.MFA_REQUIRED_FOR_ALL, 'MFA_REQUIRED_FOR_ALL', false),
    publicUrl: readPublicUrl(env.PUBLIC_URL, nodeEnv, port),
    appSecret,
  };
}
