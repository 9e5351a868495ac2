import type { NextFunction, Request, Response } from 'express';

/**
 * When the database stops answering (frozen, or its network gone quiet), a request would wait for
 * it for ever. Each request gets a deadline: past it, the person gets a plain "try again" page
 * (503, JSON for /health) while the query is left to finish or fail, and anything the handler
 * sends later is dropped. Imports read large files and may take longer, so they have none.
 */
export const UNAVAILABLE_HTML = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sorry, the service is unavailable</title>
<link rel="stylesheet" href="/static/css/app.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>
<p class="govuk-body">The tracker cannot reach its database just now. Nothing you sent has been lost or half saved: try again in a minute.</p>
<p class="govuk-body">If this keeps happening, tell your administrator.</p>
</main></div></body></html>`;

const EXEMPT = /^\/sites\/[^/]+\/imports(?:\/[^/]+\/(?:confirm|undo))?$/;

export function sendUnavailable(req: Request, res: Response): void {
  res.status(503).set({ 'Retry-After': '30', 'Cache-Control': 'no-store' });
  if (req.path === '/health') res.json({ status: 'unavailable' });
  else res.type('html').send(UNAVAILABLE_HTML);
}

export function deadline(timeoutMs: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'POST' && EXEMPT.test(req.path)) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.deadlinePassed = true;
      sendUnavailable(req, res);
    }, timeoutMs);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}

/** PostgreSQL unreachable, refusing, shutting down or out of time: the client's errors and the server's codes for them. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: string; errno?: string };
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause && cause !== error && isDatabaseUnavailable(cause)) return true;
  const value = code ?? errno ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
      'ENOTFOUND',
      'CONNECT_TIMEOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
    ].includes(value) ||
    // 57P01-57P03: the server is shutting down or starting; 57014: a statement ran out of time; 08xxx: connection exceptions.
    /^(57P0[1-3]|57014|08\d{3})$/.test(value)
  );
}
