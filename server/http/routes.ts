import type { Request, Response, Router } from 'express';
import type { Role } from '../db/schema.js';
import { csrfProtection, csrfProtectionUnlessMultipart, guard, personOf } from './auth.js';
import type { SignedInUser } from '../accounts/sessions.js';
import type { Permission } from '../permissions.js';
import type { InFlight } from './in-flight.js';

export type Handler = (req: Request, res: Response) => Promise<void>;
/** A handler of a route only signed-in people reach: it is given the person, never undefined. */
export type SignedInHandler = (req: Request, res: Response, person: SignedInUser) => Promise<void>;

interface RouteRules {
  method: 'get' | 'post';
  path: string;
  /** Reachable by a lead or administrator who has not yet set up their second factor. */
  beforeMfaSetup?: boolean;
  /**
   * The route reads a multipart/form-data body itself and checks its `_csrf` field with
   * csrfTokenMatches after reading it (see csrfProtectionUnlessMultipart).
   */
  multipart?: true;
}

/**
 * One row of the route table: every feature lists its routes, with who may call each, so the
 * whole table can be read, and walked by tests, in one place. `allow` is 'anyone', or the
 * permission (server/permissions.ts) a signed-in person needs: others get 403, visitors the
 * sign-in page, and the handler gets the signed-in person.
 */
export type Route = RouteRules & ({ allow: 'anyone'; handler: Handler } | { allow: Permission; handler: SignedInHandler });

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
        if (route.allow === 'anyone') await route.handler(req, res);
        // The guard has sent visitors to sign in, so there is a person here.
        else await route.handler(req, res, personOf(res));
      } finally {
        options.inFlight.leave();
      }
    });
  }
}
