import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, createdAt, expiringUserTokens, instant, oneRowPer, singleUse, uuidPrimaryKey } from './columns.js';
import { users } from './users.js';

/**
 * A user's TOTP factor (RFC 6238). `secret` is encrypted at rest, bound to the row's user id.
 * Unconfirmed (`confirmed_at` null) until the first code is shown; `last_step` is the newest
 * time step accepted, so no code is accepted twice.
 */
export const userMfa = pgTable('user_mfa', {
  userId: oneRowPer('user_id', () => users.id),
  secret: encryptedText('secret').notNull(),
  confirmedAt: instant('confirmed_at'),
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: createdAt(),
});

/** One-time recovery codes, only as HMAC-SHA256 digests. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: belongsTo('user_id', () => users.id),
    ...singleUse(),
  },
  (t) => [index('mfa_recovery_codes_user_id_idx').on(t.userId)],
);

/** A sign-in waiting for its second factor; only the SHA-256 of the challenge is stored. */
export const mfaChallenges = expiringUserTokens('mfa_challenges', () => users.id);

/** Emergency access: an admin's grant to read one patient's records until `expires_at`, with the reason. */
export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: uuidPrimaryKey(),
    adminId: belongsTo('admin_id', () => users.id),
    patientId: belongsTo('patient_id', () => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('break_glass_grants_admin_patient_idx').on(t.adminId, t.patientId, t.expiresAt), index('break_glass_grants_created_at_idx').on(t.createdAt)],
);
