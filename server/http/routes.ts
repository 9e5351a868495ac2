import type { Request, Response, Router } from 'express';
import type { Role } from '../db/schema.js';
import { csrfProtection, csrfProtectionUnlessMultipart, guard, type Access } from './auth.js';
import type { InFlight } from './in-flight.js';

export type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * One row of the route table: every feature lists its routes, with who may call each, so the
 * whole table can be read, and walked by tests, in one place.
 */
export interface Route {
  method: 'get' | 'post';
  path: string;
  /** 'anyone', or the permission that may call the route (others get 403, visitors the sign-in page). */
  allow: Access;
  /** Reachable by a lead or administrator who has not yet set up their second factor. */
  beforeMfaSetup?: boolean;
  /**
   * The route reads a multipart/form-data body itself and checks its `_csrf` field with
   * csrfTokenMatches after reading it (see csrfProtectionUnlessMultipart).
   */
  multipart?: true;
  handler: Handler;
}

export function mountRoutes(
  router: Router,
  routes: readonly Route[],
  options: { mustUseMfa: (role: Role) => boolean; inFlight: InFlight },
): void {
  for (const route of routes) {
    const checks = [guard(route.allow, { beforeMfaSetup: route.beforeMfaSetup, mustUseMfa: options.mustUseMfa })];
    // Every state-changing route needs the CSRF token.
    if (route.method === 'post') checks.push(route.multipart ? csrfProtectionUnlessMultipart : csrfProtection);
    router[route.method](route.path, ...checks, async (req, res) => {
      options.inFlight.enter();
      try {
        await route.handler(req, res);
      } finally {
        options.inFlight.leave();
      }
    });
  }
}
