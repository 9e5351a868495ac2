import { sendUnavailable } from '../http/deadline.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';

export function pageRoutes(db: Db): Route[] {
  return [
    {
      method: 'get',
      path: '/accessibility',
      allow: 'anyone',
      async handler(req, res) {
        await renderPage(res, 'pages/accessibility', { title: 'Accessibility statement', navigation: 'accessibility' });
      },
    },
    {
      method: 'get',
      path: '/health',
      allow: 'anyone',
      // For load balancers: answers only when this instance can reach the database.
      async handler(req, res) {
        // Within 2 seconds, or the load balancer is told this instance cannot reach its database.
        const reached = await Promise.race([
          db.execute(sql`select 1`).then(
            () => true,
            () => false,
          ),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref()),
        ]);
        if (!reached) return sendUnavailable(req, res);
        res.set('Cache-Control', 'no-store').json({ status: 'ok' });
      },
    },
  ];
}
