import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Who may touch what is decided in src/common/access (Permission, AccessService.requireAccess,
// isPublicDoctor) and nowhere else. This test reads the feature code for the hand-made rules
// that used to live in each service: role comparisons, ownership comparisons of user ids, and
// "verified" checks. A rule that is truly not about access goes in ALLOWED, with its reason.

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FEATURES = join(ROOT, 'src', 'modules');

const RULES: { name: string; pattern: RegExp }[] = [
  // `as` is the relation requireAccess answered (as patient, as doctor): using it, e.g. for the
  // patient's notice window, is the access module's decision applied, not a new one.
  { name: 'role check', pattern: /\brole\s*(===|!==)|(?<!\bas\s*)(===|!==)\s*['"](patient|doctor|admin)['"]|\broles?\.includes\(/ },
  { name: 'ownership check', pattern: /\b(userId|patientId|doctorUserId)\s*(===|!==)|(===|!==)\s*[\w.]*\b(userId|patientId|doctorUserId)\b/ },
  { name: 'public-doctor check', pattern: /['"]verified['"]\s*(===|!==)|(===|!==)\s*['"]verified['"]|verification_status\s*(=|<>|!=)\s*'verified'|\.verified\b/ },
  { name: 'old access helper', pattern: /participantRoleOf|isPrivilegedViewer|appointment-access\.js/ },
];

/** `file: exact line fragment` → why it is not an access rule. */
const ALLOWED: Record<string, string> = {
  "doctors/doctor.listeners.ts: if (role === 'doctor' && fields.includes('fullName'))":
    "a doctor's new name changes the public directory: a cache invalidation, not a permission",
  "auth/session-issuer.service.ts: return role === 'patient' ? all :": 'how long a session lives by role (staff sessions are shorter), not what it may touch',
  "auth/session-issuer.service.ts: return role === 'patient' ? config.auth.patientSessionIdleSeconds :": 'idle limit of sessions by role (days for patients, minutes for staff), not what they may touch',
  "auth/admin-accounts.service.ts: if (existing.role === 'admin') return 'exists';": 'the admin command line: is this e-mail already the admin account',
  "doctors/doctor.listeners.ts: if (role === 'doctor') await this.doctors.insertPending(tx, userId)": 'a doctor account is created with its (pending) profile row',
  "doctors/verification.service.ts: if (record) await this.events.emit('doctor.verified',": 'the name of the event a verification emits (webhooks), not a check of who is public',
  "webhooks/webhook-events.ts: 'doctor.verified',": 'the name of a webhook event subscribers ask for, not a check of who is public',
  "webhooks/webhook.listeners.ts: this.events.on('doctor.verified',": 'the name of the event webhooks listen to, not a check of who is public',
  "scheduling/slots/slots.service.ts: if (viewer?.role === 'patient') await this.requireAudience(": 'whom a visit type is meant for (new or returning patients) applies to patients only; it decides which slots are offered, not what the caller may read',
  "scheduling/suspensions/booking-suspensions.service.ts: if (principal.role === 'doctor' && !(await this.repository.doctorKnowsPatient(": 'the lift permission is BookingSuspensionLift; a doctor may use it only for a patient with an appointment with them (a relation the access module has no resource for yet)',
  "scheduling/notifications/calendar/calendar-feed.service.ts: recipientOf(c, c.patientId === userId ? 'patient' : 'doctor')": 'which name a feed event shows (the other party); the rows are already the token holder\'s own',
  "scheduling/notifications/notification-content.ts: return audience === 'patient'": 'which party a notification is addressed to, for its wording; no access decision',
  "scheduling/notifications/notification-planner.service.ts: const short = audience === 'patient';": 'push and SMS are worded for the patient (lock-screen text); which channels a notice goes on, no access decision',
  "scheduling/notifications/notification-planner.service.ts: if (message.payload.recipientId && message.payload.recipientId !== recipient.userId) continue;": 'a follow-up row (quiet hours) is for one recipient of the message only',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every line of feature code that matches a rule and is not allowed, as `file:line: text (rule)`. */
export function accessRulesOutsideAccessModule(featuresDir: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(featuresDir)) {
    const name = relative(featuresDir, file).split('\\').join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, index) => {
        const line = text.trim();
        if (line.startsWith('//') || line.startsWith('*') || line.startsWith('/*')) return;
        for (const rule of RULES) {
          if (!rule.pattern.test(line)) continue;
          const allowed = Object.keys(ALLOWED).some((key) => {
            const [allowedFile, fragment] = [key.slice(0, key.indexOf(': ')), key.slice(key.indexOf(': ') + 2)];
            return allowedFile === name && line.includes(fragment);
          });
          if (!allowed) found.push(`${name}:${index + 1}: ${line} (${rule.name})`);
        }
      });
  }
  return found;
}

describe('access in one place', () => {
  it('finds the feature code to read', () => {
    const files = sourceFiles(FEATURES).map((f) => relative(FEATURES, f).split('\\').join('/'));
    expect(files).toEqual(expect.arrayContaining(['scheduling/appointments/appointments.service.ts', 'doctors/doctors.service.ts', 'auth/account.service.ts']));
  });

  it('has no role, ownership or public-doctor rule in src/modules: they are Permissions in src/common/access', () => {
    expect(accessRulesOutsideAccessModule(FEATURES)).toEqual([]);
  });

  it('allows only lines that still exist (a stale exception would hide a new rule in its file)', () => {
    const lines = sourceFiles(FEATURES).flatMap((file) => readFileSync(file, 'utf8').split('\n').map((text) => `${relative(FEATURES, file).split('\\').join('/')}: ${text.trim()}`));
    for (const key of Object.keys(ALLOWED)) {
      const [file, fragment] = [key.slice(0, key.indexOf(': ')), key.slice(key.indexOf(': ') + 2)];
      expect(
        lines.some((line) => line.startsWith(`${file}: `) && line.includes(fragment)),
        key,
      ).toBe(true);
    }
  });

  it('catches the kinds of rule the services used to carry', () => {
    const samples = [
      "if (principal.role === 'admin') {",
      "if (role !== 'patient') {",
      "if (kind === 'doctor') scope.doctorId = doctor.id;",
      'return viewer.userId === record.userId;',
      "if (record.verificationStatus !== 'verified') throw notFound();",
      "const where = [sql`d.verification_status = 'verified'`];",
      'if (!doctor?.verified) throw notFound();',
    ];
    for (const sample of samples) expect(RULES.some((rule) => rule.pattern.test(sample)), sample).toBe(true);
  });
});
