import { recordRefusal } from './audit/record.js';
import { removalRouteTable } from './removal/kinds.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Config } from './config.js';
import { secretKeyOf } from './secret.js';
import { formKeyOf } from './http/kept-pages.js';
import { ownAccountRoutes } from './accounts/account-routes.js';
import { deadline, isDatabaseUnavailable, sendUnavailable } from './http/deadline.js';
import type { Db } from './db/connection.js';
import { HttpError } from './http/errors.js';
import { flashMiddleware } from './http/flash.js';
import { renderPage, renderPartial } from './http/render.js';
import { mountRoutes, type Route } from './http/routes.js';
import { securityHeaders } from './http/security.js';
import { InFlight } from './http/in-flight.js';
import { siteRoutes } from './sites/routes.js';
import { fortnightRoutes } from './fortnights/routes.js';
import { huddleRoutes } from './huddles/routes.js';
import { todayRoutes } from './today/routes.js';
import { huddleItemRoutes } from './huddles/item-routes.js';
import { huddleEditRoutes } from './huddles/edit-routes.js';
import { huddleAgendaRoutes } from './huddles/agenda-routes.js';
import { reflectionRoutes } from './reflections/routes.js';
import { measureRoutes } from './measures/routes.js';
import { measureChartRoutes } from './measures/chart-routes.js';
import { actionRoutes } from './actions/routes.js';
import { actionChangeRoutes } from './actions/change-routes.js';
import { logRoutes } from './getting-in-the-way/routes.js';
import { logItemRoutes } from './getting-in-the-way/item-routes.js';
import { contactListRoutes } from './contacts/routes.js';
import { contactRecordRoutes } from './contacts/record-routes.js';
import { contactImportRoutes } from './contacts/import/routes.js';
import { storyListRoutes } from './stories/routes.js';
import { storyThemeRoutes } from './stories/theme-routes.js';
import { storyRoutes } from './stories/story-routes.js';
import { storyReviewRoutes } from './stories/review-routes.js';
import { storyConsentRoutes } from './stories/consent-routes.js';
import { storyReadRoutes } from './stories/read-routes.js';
import { coProductionStoryRoutes } from './stories/co-production-routes.js';
import { pageRoutes } from './pages/routes.js';
import { showAndTellRoutes } from './show-and-tells/routes.js';
import { coProductionRoutes } from './co-production/routes.js';
import { accountRoutes } from './accounts/routes.js';
import { twoStepRoutes } from './accounts/two-step.js';
import { linkRoutes } from './accounts/link-routes.js';
import { userRoutes } from './users/routes.js';
import { userManagementRoutes } from './users/manage.js';
import { auditRoutes } from './audit/routes.js';
import { mfaPolicy, sessionMiddleware } from './http/auth.js';
import { menuFor } from './permissions.js';
import { formatDate, formatTime, huddleMinutes, minutesText, todayInLondon } from './calendar/fortnights.js';
import { escapeHtml } from './http/html.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Services {
  db: Db;
  config: Config;
  /** The time now; tests pin it. */
  clock?: () => Date;
}

/** The whole route table, in matching order. */
export function routeTable({ db, config, clock = () => new Date() }: Services): Route[] {
  const today = () => todayInLondon(clock());
  const mustUseMfa = mfaPolicy(config.mfaRequiredForAll);
  return [
    ...pageRoutes(db),
    ...accountRoutes(db, { mustUseMfa, now: clock, secret: secretKeyOf(config) }),
    ...twoStepRoutes(db, { mustUseMfa, now: clock, productName: config.productName, secret: secretKeyOf(config) }),
    ...linkRoutes(db, { mustUseMfa }),
    ...ownAccountRoutes(db),
    ...userRoutes(db),
    ...userManagementRoutes(db),
    ...auditRoutes(db),
    ...siteRoutes(db, today),
    ...fortnightRoutes(db, today),
    ...todayRoutes(db, today),
    ...huddleRoutes(db, today),
    ...huddleItemRoutes(db, today),
    ...huddleEditRoutes(db, today),
    ...huddleAgendaRoutes(db, today),
    ...reflectionRoutes(db, today),
    ...actionRoutes(db, today),
    ...actionChangeRoutes(db, today),
    ...logRoutes(db, today),
    ...logItemRoutes(db, today),
    ...measureRoutes(db, today),
    ...measureChartRoutes(db, today),
    ...contactListRoutes(db, today),
    ...contactRecordRoutes(db, today),
    ...contactImportRoutes(db, today),
    ...removalRouteTable(db, today),
    ...storyListRoutes(db, today),
    ...storyThemeRoutes(db),
    ...storyRoutes(db, today),
    ...storyReviewRoutes(db, today),
    ...storyConsentRoutes(db, today),
    ...storyReadRoutes(db, today),
    ...coProductionStoryRoutes(db, today),
    ...showAndTellRoutes(db, today),
    ...coProductionRoutes(db, today, { secret: secretKeyOf(config), now: clock }),
  ];
}

const ERROR_VIEWS: Record<number, { view: string; title: string }> = {
  400: { view: 'errors/400', title: 'Sorry, we could not read that form' },
  403: { view: 'errors/403', title: 'You cannot do that' },
  404: { view: 'errors/404', title: 'Page not found' },
  413: { view: 'errors/413', title: 'That was too much to send' },
  500: { view: 'errors/500', title: 'Sorry, there is a problem with the service' },
};

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (isDatabaseUnavailable(error)) return 503;
  const { status, type, expose } = (error ?? {}) as { status?: number; type?: string; expose?: boolean };
  // body-parser's errors carry a status and a type, or (a body that is not in the
  // Content-Encoding it names) zlib's error marked as the client's with expose; anything else is our fault.
  if (type === 'entity.too.large' || type === 'parameters.too.many') return 413;
  if (typeof status === 'number' && status >= 400 && status < 500 && (type || expose === true)) return 400;
  return 500;
}

export function createApp(services: Services): express.Express {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  // Pages are made fresh for each request (and signed-in ones are never cached): hashing each for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const views = path.join(root, 'views');
  const cache = config.env !== 'development';
  // Templates include partials by absolute path from the views folder, which spares EJS a
  // file-system check for every include on every request.
  app.engine('ejs', (file, data, done) =>
    ejs.renderFile(file, data as ejs.Data, { root: views, views: [views], cache, rmWhitespace: true }, done),
  );
  app.set('view engine', 'ejs');
  app.set('views', views);
  app.set('view cache', cache);
  app.locals.productName = config.productName;
  app.locals.publicUrl = config.publicUrl;
  app.locals.formatDate = formatDate;
  app.locals.formatTime = formatTime;
  app.locals.minutesText = minutesText;
  app.locals.huddleMinutes = huddleMinutes;
  app.locals.londonDate = todayInLondon;
  app.locals.escapeHtml = escapeHtml;
  // A page answered before the session is read (a body too large, say) is a visitor's: the session middleware sets these per person.
  app.locals.menu = menuFor(undefined);
  app.locals.can = () => false;

  app.use(securityHeaders);
  app.use(deadline(config.requestDeadlineMs));
  app.use('/static', express.static(path.join(root, 'static'), { index: false, maxAge: config.env === 'production' ? '1d' : 0 }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 500 }));
  app.use(flashMiddleware);
  // Each response's add forms carry a key of their own: the same form sent twice adds once.
  app.use((req, res, next) => {
    formKeyOf(res);
    next();
  });
  app.use(sessionMiddleware(services.db));

  const router = express.Router();
  const inFlight = new InFlight();
  app.locals.inFlight = inFlight;
  mountRoutes(router, routeTable(services), { mustUseMfa: mfaPolicy(config.mfaRequiredForAll), inFlight });
  app.use(router);

  const notFound: RequestHandler = () => {
    throw new HttpError(404, 'No such page');
  };
  app.use(notFound);

  const errorHandler: ErrorRequestHandler = async (error, req, res, next) => {
    // Past the request's deadline the person has had the "try again" page: drop what comes after.
    if (res.locals.deadlinePassed) return;
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    if (status === 500) console.error(error);
    if (status === 503) return sendUnavailable(req, res);
    const { view, title, locals } = (error instanceof HttpError && error.page) || {
      ...(ERROR_VIEWS[status] ?? ERROR_VIEWS[500]),
      locals: {},
    };
    const reason = error instanceof HttpError ? error.message : undefined;
    if (status === 403) {
      // Refusals are audited; a failure to write one is logged, and the person still gets the page.
      await recordRefusal(services.db, req, res, reason ?? 'refused').catch((auditError: unknown) => console.error(auditError));
    }
    try {
      if (req.get('HX-Request') === 'true') {
        // Show the message where the page's content goes, not inside whatever htmx was updating.
        res.set({ 'HX-Retarget': '#main-content', 'HX-Reswap': 'innerHTML' });
        return await renderPartial(res, view, { title, reason, ...locals }, status);
      }
      await renderPage(res, view, { title, reason, ...locals }, status);
    } catch (renderError) {
      console.error(renderError);
      res.status(status).type('text').send(title);
    }
  };
  app.use(errorHandler);
  return app;
}
