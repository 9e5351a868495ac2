import path from 'node:path';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  migrateOnStart: boolean;
  trustProxy: boolean;
  productName: string;
  shutdownTimeoutMs: number;
  bodyLimit: string;
  /** Whether practitioners and experts by experience must use a second factor too (leads and administrators always must). */
  mfaRequiredForAll: boolean;
  /** The address people use to reach the app, for links printed by the CLI; pages use the request's own. */
  publicUrl: string | undefined;
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

/** Every setting, read once. Refuses to start in production without what production needs. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new Error('DATABASE_URL must be set when NODE_ENV is production: the embedded database is for trying the app on one machine');
  }
  return {
    env: nodeEnv,
    port: readPort(env.PORT, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    migrateOnStart: readBoolean(env.MIGRATE_ON_START, 'MIGRATE_ON_START', nodeEnv !== 'production'),
    trustProxy: readBoolean(env.TRUST_PROXY, 'TRUST_PROXY', false),
    productName: env.PRODUCT_NAME || 'Innovation Site Tracker',
    shutdownTimeoutMs: 10_000,
    bodyLimit: '100kb',
    mfaRequiredForAll: readBoolean(env.MFA_REQUIRED_FOR_ALL, 'MFA_REQUIRED_FOR_ALL', false),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
  };
}
