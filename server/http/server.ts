import http from 'node:http';
import type { Express } from 'express';
import type { Config } from '../config.js';

/**
 * The HTTP server in front of the app, with limits on slow clients: a request whose headers
 * and body have not all arrived within `requestTimeoutMs` is answered 408 and its connection
 * closed (Node's default holds it for 5 minutes), and headers must arrive within 20 seconds.
 */
export function createServer(app: Express, config: Pick<Config, 'requestTimeoutMs'>): http.Server {
  const requestTimeout = config.requestTimeoutMs;
  return http.createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(20_000, requestTimeout),
      // How often Node looks for requests past their time: often enough that a late one is cut off close to its limit.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 4))),
    },
    app,
  );
}
