import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsIn, moduleOf, readSource, ROOT, sourceFiles, TABLES, writesIn, type Write } from './source-scan.js';

/**
 * One owner per table: the only module whose code writes it. Others ask the owner through a
 * service it exports, or emit an event it listens to (docs/ARCHITECTURE.md, "Modules"). A new
 * table gets its line here; a second writer fails this test.
 */
const OWNERS: Record<string, string> = {
  users: 'modules/auth',
  session_families: 'modules/auth',
  refresh_tokens: 'modules/auth',
  password_reset_tokens: 'modules/auth',
  doctors: 'modules/doctors',
  doctor_specialties: 'modules/doctors',
  doctor_qualifications: 'modules/doctors',
  doctor_locations: 'modules/doctors',
  doctor_insurance_plans: 'modules/doctors',
  doctor_documents: 'modules/doctors',
  insurance_plans: 'modules/insurance',
  availability: 'modules/scheduling',
  time_off: 'modules/scheduling',
  appointment_types: 'modules/scheduling',
  appointments: 'modules/scheduling',
  idempotency_keys: 'modules/scheduling',
  outbox: 'modules/scheduling',
  booking_suspensions: 'modules/scheduling',
  appointment_holds: 'modules/scheduling',
  waitlist_entries: 'modules/scheduling',
  notification_preferences: 'modules/scheduling',
  calendar_tokens: 'modules/scheduling',
  reviews: 'modules/reviews',
  devices: 'modules/notifications',
  phone_verifications: 'modules/notifications',
  notification_deliveries: 'modules/notifications',
  audit_events: 'common/audit',
  webhook_subscriptions: 'modules/webhooks',
  webhook_deliveries: 'modules/webhooks',
  user_mfa: 'modules/auth',
  mfa_recovery_codes: 'modules/auth',
  mfa_challenges: 'modules/auth',
  break_glass_grants: 'modules/emergency-access',
  consents: 'modules/consents',
};

/** Files a module keeps to itself: its SQL and its caches. */
const PRIVATE_FILE = /\.repository\.ts$|cache/;

let scanned: Write[] | undefined;
function allWrites(): Write[] {
  scanned ??= sourceFiles('modules', 'common').flatMap((file) => writesIn(readSource(file), file));
  return scanned;
}

describe('module boundaries', () => {
  it('finds writes in every form the code uses (the scan itself)', () => {
    const file = join(ROOT, 'src/modules/example/example.repository.ts');
    const source = `
      // update users set nothing: a comment is not a write
      await tx.insert(doctors).values({});
      await db.update(availability).set({});
      await db.delete(timeOff).where(x);
      await db.execute(sql\`insert into \${outbox} (kind) values (1)\`);
      await db.execute(sql\`update outbox set attempts = 1 where id = \${id}\`);
      await db.execute(sql\`update doctors d set rating_count = 0\`);
      await db.execute(sql.raw('delete from idempotency_keys'));
      await db.select().from(reviews).for('update');
      createHash('sha256').update(canonical);
      this.cache.delete(key);
    `;
    expect(writesIn(source, file).map((w) => [w.table, w.module])).toEqual([
      ['doctors', 'modules/example'],
      ['availability', 'modules/example'],
      ['time_off', 'modules/example'],
      ['outbox', 'modules/example'],
      ['outbox', 'modules/example'],
      ['doctors', 'modules/example'],
      ['idempotency_keys', 'modules/example'],
    ]);
  });

  it('names only tables of the schema (specialties and search_terms are filled by migrations and triggers)', () => {
    const known = new Set(TABLES.values());
    expect(Object.keys(OWNERS).filter((table) => !known.has(table))).toEqual([]);
  });

  it('lets exactly one module write each table: the owner listed here', () => {
    const writers = new Map<string, Map<string, string[]>>();
    for (const write of allWrites()) {
      const byModule = writers.get(write.table) ?? new Map<string, string[]>();
      byModule.set(write.module, [...(byModule.get(write.module) ?? []), write.at]);
      writers.set(write.table, byModule);
    }
    const found = Object.fromEntries([...writers].map(([table, byModule]) => [table, [...byModule.keys()].sort()]));
    const expected = Object.fromEntries(Object.entries(OWNERS).map(([table, owner]) => [table, [owner]]));
    const strangers = [...writers].flatMap(([table, byModule]) =>
      [...byModule].filter(([module]) => module !== OWNERS[table]).flatMap(([module, at]) => at.map((where) => `${table} written by ${module} at ${where}`)),
    );
    expect(strangers).toEqual([]);
    expect(found).toEqual(expected);
  });

  it('lets no module import another module’s repository or cache', () => {
    const crossings = sourceFiles('modules', 'common', 'scripts')
      .flatMap((file) => importsIn(readSource(file), file))
      .filter((i) => i.target.startsWith(join(ROOT, 'src/modules/')) && PRIVATE_FILE.test(basename(i.target)) && moduleOf(i.target) !== i.module)
      .map((i) => `${i.from} imports ${relative(ROOT, i.target)}`);
    expect(crossings).toEqual([]);
  });

  it('signs tokens only in the auth module; common/auth only verifies them', () => {
    const signers = sourceFiles('modules', 'common', 'scripts')
      .filter((file) => /\bnew SignJWT\(/.test(readSource(file)))
      .map((file) => relative(ROOT, file));
    expect(signers).toEqual(['src/modules/auth/access-token-issuer.service.ts']);
  });
});
