import type { Request, Response, Router } from 'express';
import type { InFlight } from './in-flight.js';

export type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * One row of the route table. Every feature lists its routes here so the whole table can be
 * read, and walked by tests, in one place. Accounts will add who may call each route.
 */
export interface Route {
  method: 'get' | 'post';
  path: string;
  handler: Handler;
}

export function mountRoutes(router: Router, routes: readonly Route[], inFlight: InFlight): void {
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      inFlight.enter();
      try {
        await route.handler(req, res);
      } finally {
        inFlight.leave();
      }
    });
  }
}
