import type { Request, Response } from 'express';

/**
 * True when htmx asks for a piece of a page rather than a whole one. htmx 4 sends
 * HX-Request-Type "partial" when it swaps an element and "full" for a body swap or a
 * history restore, which must get the whole page.
 */
export function wantsPartial(req: Request, res: Response): boolean {
  res.vary('HX-Request-Type');
  return req.get('HX-Request') === 'true' && req.get('HX-Request-Type') === 'partial';
}
