import type { Response } from 'express';

export function renderView(res: Response, view: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? '')));
  });
}

/** Renders a page inside the site layout. The page sets its `title`; errors prefix it with "Error: ". */
export async function renderPage(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200): Promise<void> {
  const body = await renderView(res, view, locals);
  const html = await renderView(res, 'layout/page', { ...locals, body });
  res.status(status).type('html').send(html);
}

/** Renders a partial template alone, for an htmx request. */
export async function renderPartial(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200): Promise<void> {
  res.status(status).type('html').send((await renderView(res, view, locals)).trim());
}
