import { Inject, Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';
import type { Role } from '../../common/auth/policy.js';
import { unseal } from '../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../db/database.js';
import { calendarTokens, devices, doctors, notificationPreferences, phoneVerifications, reviews, userMfa, users, waitlistEntries } from '../../db/schema/index.js';

/** The caller's own rows of every table that holds them, PHI decrypted: what GET /api/v1/me/export shows (reads only). */
export interface AccountRecords {
  user: { id: string; email: string; fullName: string; role: Role; phone: string | null; dateOfBirth: string | null; locale: (typeof users.$inferSelect)['locale']; createdAt: Date; updatedAt: Date };
  doctor: { id: string; verificationStatus: (typeof doctors.$inferSelect)['verificationStatus']; timezone: string; bio: string; licenseNumber: string | null; createdAt: Date } | null;
  secondFactor: { confirmedAt: Date | null } | null;
  phoneVerification: { phone: string; verifiedAt: Date | null } | null;
  calendarFeed: { createdAt: Date } | null;
  notificationPreferences: { channels: Record<string, string[]>; quietStart: string | null; quietEnd: string | null; quietTimeZone: string | null; quietOtherwise: string } | null;
  devices: { id: string; platform: (typeof devices.$inferSelect)['platform']; createdAt: Date; lastRegisteredAt: Date }[];
  reviews: { id: string; doctorId: string; appointmentId: string | null; rating: number; comment: string | null; anonymous: boolean; createdAt: Date }[];
  waitlist: { id: string; doctorId: string; appointmentTypeId: string; fromAt: Date; toAt: Date; times: unknown; createdAt: Date; endedAt: Date | null }[];
}

@Injectable()
export class AccountExportRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async records(userId: string): Promise<AccountRecords | null> {
    const db = this.database.db;
    const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return null;
    const [doctor] = await db
      .select({ id: doctors.id, verificationStatus: doctors.verificationStatus, timezone: doctors.timezone, bio: doctors.bio, licenseNumber: doctors.licenseNumber, createdAt: doctors.createdAt })
      .from(doctors)
      .where(eq(doctors.userId, userId));
    const [factor] = await db.select({ confirmedAt: userMfa.confirmedAt }).from(userMfa).where(eq(userMfa.userId, userId));
    const [phone] = await db.select({ phone: phoneVerifications.phone, verifiedAt: phoneVerifications.verifiedAt }).from(phoneVerifications).where(eq(phoneVerifications.userId, userId));
    const [feed] = await db.select({ createdAt: calendarTokens.createdAt }).from(calendarTokens).where(eq(calendarTokens.userId, userId));
    const [preferences] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    const deviceRows = await db
      .select({ id: devices.id, platform: devices.platform, createdAt: devices.createdAt, lastRegisteredAt: devices.lastRegisteredAt })
      .from(devices)
      .where(eq(devices.userId, userId))
      .orderBy(asc(devices.createdAt));
    const reviewRows = await db.select().from(reviews).where(eq(reviews.patientId, userId)).orderBy(asc(reviews.createdAt));
    const waitlist = await db.select().from(waitlistEntries).where(eq(waitlistEntries.patientId, userId)).orderBy(asc(waitlistEntries.createdAt));
    return {
      user: {
        id: user.id,
        email: user.email,
        fullName: user.fullName,
        role: user.role,
        phone: unseal('users', 'phone', user.id, user.phone),
        dateOfBirth: unseal('users', 'date_of_birth', user.id, user.dateOfBirth),
        locale: user.locale,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
      doctor: doctor ?? null,
      secondFactor: factor ?? null,
      phoneVerification: phone ? { phone: unseal('phone_verifications', 'phone', userId, phone.phone), verifiedAt: phone.verifiedAt } : null,
      calendarFeed: feed ?? null,
      notificationPreferences: preferences ? { channels: preferences.channels, quietStart: preferences.quietStart, quietEnd: preferences.quietEnd, quietTimeZone: preferences.quietTimeZone, quietOtherwise: preferences.quietOtherwise } : null,
      devices: deviceRows,
      reviews: reviewRows.map((r) => ({ id: r.id, doctorId: r.doctorId, appointmentId: r.appointmentId, rating: Number(r.rating), comment: unseal('reviews', 'comment', r.id, r.comment), anonymous: r.anonymous, createdAt: r.createdAt })),
      waitlist: waitlist.map((w) => ({ id: w.id, doctorId: w.doctorId, appointmentTypeId: w.appointmentTypeId, fromAt: w.fromAt, toAt: w.toAt, times: w.times, createdAt: w.createdAt, endedAt: w.endedAt })),
    };
  }
}
