import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, createdAt, expiringUserTokens, instant, oneRowPer, singleUse, timestamps, uuidPrimaryKey } from './columns.js';
import { citext } from './types.js';

export const userRole = pgEnum('user_role', ['patient', 'doctor', 'admin']);

/** Every account. E-mail is citext, so uniqueness and look-ups ignore case. */
export const users = pgTable('users', {
  id: uuidPrimaryKey(),
  email: citext('email').notNull().unique('users_email_unique'),
  passwordHash: text('password_hash').notNull(),
  fullName: text('full_name').notNull(),
  role: userRole('role').notNull(),
  /** PHI: encrypted at rest, bound to the row (AES-256-GCM, see common/crypto); never filter or sort on it. */
  phone: encryptedText('phone'),
  /** PHI: `YYYY-MM-DD`, encrypted at rest, hence text rather than date. */
  dateOfBirth: encryptedText('date_of_birth'),
  /** Access tokens issued before this instant are refused (logout-all, password change, reset). */
  tokensValidAfter: instant('tokens_valid_after'),
  /** The language messages are written in: Accept-Language at registration, then the profile (CHECK users_locale_check, migration 0028). */
  locale: text('locale').$type<'en' | 'es'>().notNull().default('en'),
  /** The account was deleted (DELETE /api/v1/me): name pseudonymised, e-mail a tombstone, PHI cleared, password unusable (migration 0035). */
  deletedAt: instant('deleted_at'),
  ...timestamps(),
});

/** One family per sign-in; every refresh rotates the token inside it. */
export const sessionFamilies = pgTable(
  'session_families',
  {
    id: uuidPrimaryKey(),
    userId: belongsTo('user_id', () => users.id),
    createdAt: createdAt(),
    /** Absolute end of the family, however often it is refreshed. */
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
    /** Opened with a second factor (TOTP or a recovery code); kept through every refresh. */
    mfa: boolean('mfa').notNull().default(false),
  },
  // The purge finds ended families by the earlier of revocation and expiry (least() skips a null).
  (t) => [index('session_families_user_id_idx').on(t.userId), index('session_families_ended_idx').on(sql`least(${t.revokedAt}, ${t.expiresAt})`)],
);

/**
 * Refresh tokens, only as HMAC-SHA256 digests under JWT_REFRESH_SECRET (plain SHA-256 for rows
 * from before that; see RefreshTokenDigests); `used_at` marks a rotated (spent) token.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: belongsTo('family_id', () => sessionFamilies.id),
    ...singleUse(),
  },
  (t) => [index('refresh_tokens_family_id_idx').on(t.familyId)],
);

/** One-time password-reset tokens, only as SHA-256 hashes. */
export const passwordResetTokens = expiringUserTokens('password_reset_tokens', () => users.id);

/** Channels wanted per notification kind, and quiet hours in the user's zone (migration 0028). No row: the defaults. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: oneRowPer('user_id', () => users.id),
    channels: jsonb('channels').$type<Record<string, string[]>>().notNull(),
    quietStart: text('quiet_start'),
    quietEnd: text('quiet_end'),
    quietTimeZone: text('quiet_time_zone'),
    quietOtherwise: text('quiet_otherwise').$type<'wait' | 'email'>().notNull().default('wait'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('notification_preferences_quiet_check', sql`(${t.quietStart} is null) = (${t.quietEnd} is null) and (${t.quietStart} is null) = (${t.quietTimeZone} is null)`),
    check('notification_preferences_otherwise_check', sql`${t.quietOtherwise} in ('wait', 'email')`),
  ],
);

/** A user's private calendar feed token, only as a SHA-256 digest; issuing a new one replaces it. */
export const calendarTokens = pgTable('calendar_tokens', {
  userId: oneRowPer('user_id', () => users.id),
  tokenHash: text('token_hash').notNull().unique('calendar_tokens_token_hash_unique'),
  createdAt: createdAt(),
});
