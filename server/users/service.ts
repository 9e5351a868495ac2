/**
 * The use cases of people's accounts that more than one door opens: inviting someone (a lead or
 * administrator on the Users page, or the CLI's create-admin). See server/use-cases.ts.
 */
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { createLink } from '../accounts/links.js';
import type { Acting } from '../use-cases.js';
import { createInvitedUser } from './queries.js';
import type { InviteFields } from './form.js';

export type Invitation = { user: User; path: string; emailTaken?: never } | { emailTaken: true; user?: never; path?: never };

/**
 * Makes the account, its sites and a one-time invitation link, audited, in one transaction; or,
 * when an account already has the email address, nothing. `by` is the person inviting, or 'cli'
 * for someone at the server's command line (who is nobody the app knows).
 */
export async function invitePerson(db: Db, by: Acting | 'cli', fields: InviteFields): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const user = await createInvitedUser(tx, fields);
    if (!user) return { emailTaken: true as const };
    const path = await createLink(tx, user.id, 'invite', by === 'cli' ? null : by.userId);
    await recordAudit(
      tx,
      by === 'cli' ? { userId: null, ip: null } : by,
      by === 'cli'
        ? { action: 'account.created-by-cli', recordType: 'user', recordId: user.id, details: { role: user.role } }
        : {
            action: 'account.invited',
            recordType: 'user',
            recordId: user.id,
            details: { email: user.email, role: user.role, siteIds: fields.siteIds },
          },
    );
    return { user, path };
  });
}
