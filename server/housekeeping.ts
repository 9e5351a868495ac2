import { sql } from 'drizzle-orm';
import type { Db } from './db/connection.js';
import { IDLE_MINUTES } from './accounts/sessions.js';
import { failInterruptedImports } from './contacts/import/staging.js';
import { sealPlainTotpSecrets } from './accounts/secret-box.js';
import { auditAnonymousFeedback } from './show-and-tells/feedback.js';
import { closeEndedWellbeingChecks } from './reflections/wellbeing.js';

export interface Sweep {
  /** False when another instance was sweeping at that moment: it does the work instead. */
  ran: boolean;
  sessions: number;
  throttles: number;
  devices: number;
  /** Contact imports whose check was cut off, now marked failed with their staging rows gone. */
  imports: number;
  /** Anonymous feedback audited now, in batches that say nothing of when each came. */
  anonymousFeedback: number;
  /** Wellbeing checks closed because the day of their reflection is over, each audited with who answered. */
  wellbeingChecks: number;
}

/**
 * Deletes what has run out: sessions past their 10 hours or idle past 30 minutes, sign-in counts
 * whose window and lock are both over, and device cookies past their 180 days; and marks failed
 * the contact imports whose check was cut off by a crash or restart, and audits anonymous feedback
 * in batches (see show-and-tells/feedback.ts). Several app
 * instances may call this at once: a transaction advisory lock lets one of them do it.
 */
export async function sweepExpired(db: Db): Promise<Sweep> {
  return db.transaction(async (tx) => {
    const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext('sweep-expired')) as locked`);
    if (!locked) return { ran: false, sessions: 0, throttles: 0, devices: 0, imports: 0, anonymousFeedback: 0, wellbeingChecks: 0 };
    const count = async (statement: ReturnType<typeof sql>) =>
      (await tx.execute<{ n: number }>(sql`with gone as (${statement} returning 1) select count(*)::int as n from gone`))[0].n;
    const sessions = await count(
      sql`delete from sessions where expires_at < now() or last_seen_at < now() - make_interval(mins => ${IDLE_MINUTES})`,
    );
    const throttles = await count(
      sql`delete from sign_in_failures where (locked_until is null or locked_until < now()) and window_started_at < now() - interval '15 minutes'`,
    );
    const devices = await count(sql`delete from trusted_devices where expires_at < now()`);
    await tx.execute(sql`delete from feedback_allowances where window_ends_at < now() - interval '1 hour'`);
    const imports = await failInterruptedImports(tx);
    const anonymousFeedback = await auditAnonymousFeedback(tx);
    const wellbeingChecks = await closeEndedWellbeingChecks(tx);
    return { ran: true, sessions, throttles, devices, imports, anonymousFeedback, wellbeingChecks };
  });
}

/** Sweeps now and then every `everyMs` while the app runs; the timer never keeps the process alive. */
export function scheduleSweeps(db: Db, options: { everyMs?: number; onError: (error: unknown) => void; secret?: Buffer }): () => void {
  // Two-step keys stored before they were encrypted (or by the demo command) are encrypted too.
  const sweep = () =>
    void sweepExpired(db)
      .then(() => (options.secret ? sealPlainTotpSecrets(db, options.secret) : 0))
      .catch(options.onError);
  sweep();
  const timer = setInterval(sweep, options.everyMs ?? 10 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
