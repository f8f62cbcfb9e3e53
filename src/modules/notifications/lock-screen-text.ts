import { DateTime } from 'luxon';
import type { Notice } from './channels/notification-channel.js';

/*
 * What push and SMS say: the doctor and the time, nothing more. A phone shows these on its
 * lock screen to whoever holds it, so no visit reason, specialty, answers or diagnoses,
 * never the appointment type. English and Spanish; anything else falls back to English.
 */

export type NoticeKind = 'appointment.booked' | 'appointment.rescheduled' | 'appointment.cancelled' | 'appointment.reminder' | 'waitlist.offer';
export const NOTICE_LANGUAGES = ['en', 'es'] as const;
type Language = (typeof NOTICE_LANGUAGES)[number];

export interface NoticeFacts {
  kind: string;
  /** What the notice collapses on: the appointment's id (a waitlist offer: its hold's). */
  appointmentId: string;
  doctorName: string;
  startAt: Date;
  /** The zone the visit's time is told in (the doctor's). */
  zone: string;
  now: Date;
  language?: string | null;
}

const TEXT: Record<Language, Record<NoticeKind, { title: string; body: (doctor: string, when: string) => string }>> = {
  en: {
    'appointment.booked': { title: 'Appointment booked', body: (d, w) => `Your appointment with ${d} ${w}` },
    'appointment.rescheduled': { title: 'Appointment moved', body: (d, w) => `Your appointment with ${d} is now ${w}` },
    'appointment.cancelled': { title: 'Appointment cancelled', body: (d, w) => `Your appointment with ${d} ${w} is cancelled` },
    'appointment.reminder': { title: 'Appointment reminder', body: (d, w) => `Your appointment with ${d} ${w}` },
    'waitlist.offer': { title: 'A slot is free', body: (d, w) => `A slot with ${d} ${w} is free for you` },
  },
  es: {
    'appointment.booked': { title: 'Cita reservada', body: (d, w) => `Tu cita con ${d} ${w}` },
    'appointment.rescheduled': { title: 'Cita cambiada', body: (d, w) => `Tu cita con ${d} es ahora ${w}` },
    'appointment.cancelled': { title: 'Cita cancelada', body: (d, w) => `Tu cita con ${d} ${w} está cancelada` },
    'appointment.reminder': { title: 'Recordatorio de cita', body: (d, w) => `Tu cita con ${d} ${w}` },
    'waitlist.offer': { title: 'Hay un hueco libre', body: (d, w) => `Hay un hueco con ${d} ${w} libre para ti` },
  },
};

function isKind(kind: string): kind is NoticeKind {
  return kind in TEXT.en;
}

/** "Dr. Lee": the title and the last word of the doctor's name. */
export function doctorAddress(fullName: string): string {
  const last = fullName.trim().split(/\s+/).at(-1) ?? fullName;
  return `Dr. ${last}`;
}

/** "today at 09:30", "tomorrow at 09:30", "on Fri 12 Mar at 09:30" (and the Spanish). */
export function whenText(startAt: Date, zone: string, now: Date, language: Language): string {
  const start = DateTime.fromJSDate(startAt, { zone }).setLocale(language);
  const days = Math.round(start.startOf('day').diff(DateTime.fromJSDate(now, { zone }).startOf('day'), 'days').days);
  const time = start.toFormat('HH:mm');
  if (language === 'es') {
    if (days === 0) return `hoy a las ${time}`;
    if (days === 1) return `mañana a las ${time}`;
    return `el ${start.toFormat('ccc d LLL')} a las ${time}`;
  }
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${start.toFormat('ccc d LLL')} at ${time}`;
}

/** The lock-screen notice for an appointment message, or null for a kind that has none. */
export function lockScreenNotice(facts: NoticeFacts): Notice | null {
  if (!isKind(facts.kind)) return null;
  const language: Language = (NOTICE_LANGUAGES as readonly string[]).includes(facts.language?.slice(0, 2) ?? '') ? (facts.language!.slice(0, 2) as Language) : 'en';
  const text = TEXT[language][facts.kind];
  return { title: text.title, body: text.body(doctorAddress(facts.doctorName), whenText(facts.startAt, facts.zone, facts.now, language)), collapseId: facts.appointmentId };
}

