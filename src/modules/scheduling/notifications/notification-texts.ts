import { DateTime } from 'luxon';
import type { Role } from '../../../common/auth/policy.js';

/*
 * What notifications say, in `en` and `es`. Names and times only: no visit reason, type,
 * specialty or answer ever reaches a message, so every text here is safe on a lock screen.
 */

export type Locale = 'en' | 'es';
export const LOCALES: readonly Locale[] = ['en', 'es'];

export type MessageTopic = 'booked' | 'rescheduled' | 'cancelled' | 'reminder';
/** The two parties of an appointment (roles, less admin). */
export type Audience = Exclude<Role, 'admin'>;

interface Texts {
  subject: Record<MessageTopic, Record<Audience, string>>;
  /** The mail's sentence, given the formatted time and the other party's name. */
  line: Record<MessageTopic, Record<Audience, (when: string, other: string) => string>>;
  /** The push/SMS line: `when` is short ("tomorrow at 09:30"). */
  short: Record<MessageTopic, (when: string, other: string) => string>;
  summary: (other: string) => string;
  /** The line that carries a video visit's meeting link (issue 13). */
  videoLink: (url: string) => string;
  longFormat: string;
  at: string;
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    subject: {
      booked: { patient: 'Your appointment is booked', doctor: 'New appointment' },
      rescheduled: { patient: 'Your appointment has moved', doctor: 'An appointment has moved' },
      cancelled: { patient: 'Your appointment is cancelled', doctor: 'An appointment is cancelled' },
      reminder: { patient: 'Reminder: your appointment', doctor: 'Reminder: an appointment' },
    },
    line: {
      booked: { patient: (w, o) => `Your appointment is confirmed: ${w}, with ${o}.`, doctor: (w, o) => `A patient booked an appointment: ${w}, with ${o}.` },
      rescheduled: { patient: (w, o) => `Your appointment is now ${w}, with ${o}.`, doctor: (w, o) => `An appointment is now ${w}, with ${o}.` },
      cancelled: { patient: (w, o) => `This appointment is cancelled: ${w}, with ${o}.`, doctor: (w, o) => `This appointment is cancelled: ${w}, with ${o}.` },
      reminder: { patient: (w, o) => `A reminder of your appointment: ${w}, with ${o}.`, doctor: (w, o) => `A reminder of an appointment: ${w}, with ${o}.` },
    },
    short: {
      booked: (w, o) => `Your appointment with ${o} ${w} is confirmed`,
      rescheduled: (w, o) => `Your appointment with ${o} is now ${w}`,
      cancelled: (w, o) => `Your appointment with ${o} ${w} is cancelled`,
      reminder: (w, o) => `Your appointment with ${o} ${w}`,
    },
    summary: (o) => `Appointment with ${o}`,
    videoLink: (u) => `Join the video visit: ${u}`,
    longFormat: "cccc d LLLL yyyy 'at' HH:mm (z)",
    at: 'at',
  },
  es: {
    subject: {
      booked: { patient: 'Tu cita está reservada', doctor: 'Nueva cita' },
      rescheduled: { patient: 'Tu cita ha cambiado', doctor: 'Una cita ha cambiado' },
      cancelled: { patient: 'Tu cita está cancelada', doctor: 'Una cita está cancelada' },
      reminder: { patient: 'Recordatorio: tu cita', doctor: 'Recordatorio: una cita' },
    },
    line: {
      booked: { patient: (w, o) => `Tu cita está confirmada: ${w}, con ${o}.`, doctor: (w, o) => `Un paciente ha reservado una cita: ${w}, con ${o}.` },
      rescheduled: { patient: (w, o) => `Tu cita es ahora el ${w}, con ${o}.`, doctor: (w, o) => `Una cita es ahora el ${w}, con ${o}.` },
      cancelled: { patient: (w, o) => `Esta cita está cancelada: ${w}, con ${o}.`, doctor: (w, o) => `Esta cita está cancelada: ${w}, con ${o}.` },
      reminder: { patient: (w, o) => `Te recordamos tu cita: ${w}, con ${o}.`, doctor: (w, o) => `Recordatorio de una cita: ${w}, con ${o}.` },
    },
    short: {
      booked: (w, o) => `Tu cita con ${o} ${w} está confirmada`,
      rescheduled: (w, o) => `Tu cita con ${o} es ahora ${w}`,
      cancelled: (w, o) => `Tu cita con ${o} ${w} está cancelada`,
      reminder: (w, o) => `Tu cita con ${o} ${w}`,
    },
    summary: (o) => `Cita con ${o}`,
    videoLink: (u) => `Únase a la videoconsulta: ${u}`,
    longFormat: "cccc d 'de' LLLL 'de' yyyy, HH:mm (z)",
    at: 'a las',
  },
};

export function textsFor(locale: string): Texts {
  return TEXTS[locale === 'es' ? 'es' : 'en'];
}

/** "Monday 8 March 2027 at 11:00 (CET)", in the locale. */
export function longWhen(at: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(locale).toFormat(textsFor(locale).longFormat);
}

/** "tomorrow at 09:30", "today at 09:30", else "on Mon 8 Mar at 09:30" (in the locale), relative to `now` in `zone`. */
export function shortWhen(at: Date, now: Date, zone: string, locale: Locale): string {
  const local = DateTime.fromJSDate(at, { zone }).setLocale(locale);
  const days = local.startOf('day').diff(DateTime.fromJSDate(now, { zone }).startOf('day'), 'days').days;
  const time = local.toFormat('HH:mm');
  const at_ = textsFor(locale).at;
  if (days === 0 || days === 1) return `${local.toRelativeCalendar({ base: DateTime.fromJSDate(now, { zone }).setLocale(locale), unit: 'days' })} ${at_} ${time}`;
  return locale === 'es' ? `el ${local.toFormat('ccc d LLL')} ${at_} ${time}` : `on ${local.toFormat('ccc d LLL')} ${at_} ${time}`;
}
