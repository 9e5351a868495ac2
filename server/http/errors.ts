/** An answer other than success. `page`, when given, is the page to show instead of the generic one for the status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly page?: { view: string; title: string; locals?: Record<string, unknown> },
  ) {
    super(message);
  }
}

export class NotFound extends HttpError {
  constructor(what = 'page') {
    super(404, `No such ${what}`);
  }
}

/** PostgreSQL's unique_violation, from postgres.js directly or wrapped by drizzle. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return constraint === undefined || e.constraint_name === constraint;
  }
  return false;
}
