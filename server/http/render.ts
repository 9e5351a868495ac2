import type { Response } from 'express';

export function renderView(res: Response, view: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? '')));
  });
}

/** A page inside the site layout, as HTML. The page sets its `title`; errors prefix it with "Error: ". */
export async function pageHtml(res: Response, view: string, locals: Record<string, unknown> = {}): Promise<string> {
  const body = await renderView(res, view, locals);
  return renderView(res, 'layout/page', { ...locals, body });
}

/** Renders a page inside the site layout and sends it. */
export async function renderPage(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200): Promise<void> {
  res
    .status(status)
    .type('html')
    .send(await pageHtml(res, view, locals));
}

/** Renders a partial template alone, for an htmx request. */
export async function renderPartial(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200): Promise<void> {
  res
    .status(status)
    .type('html')
    .send((await renderView(res, view, locals)).trim());
}
