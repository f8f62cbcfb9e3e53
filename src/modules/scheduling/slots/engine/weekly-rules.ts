import { parseClockTime } from './civil.js';
import { WEEKDAYS, type FieldError, type Weekday, type WeeklyRule } from './types.js';

/** A weekly rule as minutes since local midnight; `end` may be 1440 (`24:00`). */
export interface ParsedRule {
  index: number;
  day: Weekday;
  startMinute: number;
  endMinute: number;
}

const CLOCK_MESSAGE = 'must be HH:MM with hours 00–23 and minutes 00–59';

/**
 * Checks weekly rules the way the contract states them: a known day, `HH:MM` times,
 * `24:00` only as an end, start before end, and no two intervals of one day overlapping
 * (touching, 09:00–12:00 next to 12:00–13:00, is fine). Returns every problem found, with
 * fields like `weekly.2.end`, so a client can fix the whole form at once.
 */
export function validateWeeklyRules(weekly: readonly WeeklyRule[], fieldPrefix = 'weekly'): FieldError[] {
  return checkWeeklyRules(weekly, fieldPrefix).errors;
}

/** Parses rules, or reports why not; the engine uses the parsed form. */
export function checkWeeklyRules(
  weekly: readonly WeeklyRule[],
  fieldPrefix = 'weekly',
): { rules: ParsedRule[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const rules: ParsedRule[] = [];
  if (!Array.isArray(weekly)) {
    return { rules, errors: [{ field: fieldPrefix, message: 'must be a list of intervals' }] };
  }

  weekly.forEach((rule: WeeklyRule, index) => {
    const field = `${fieldPrefix}.${index}`;
    // Runtime checks on typed input: stored JSON or a loosely typed caller may still send anything.
    const day = (WEEKDAYS as readonly string[]).includes(rule?.day) ? rule.day : null;
    if (day === null) errors.push({ field: `${field}.day`, message: `must be one of ${WEEKDAYS.join(', ')}` });

    const startMinute = typeof rule?.start === 'string' ? parseClockTime(rule.start, false) : null;
    if (startMinute === null) {
      const message = rule?.start === '24:00' ? '24:00 is allowed only as an end' : CLOCK_MESSAGE;
      errors.push({ field: `${field}.start`, message });
    }
    const endMinute = typeof rule?.end === 'string' ? parseClockTime(rule.end, true) : null;
    if (endMinute === null) errors.push({ field: `${field}.end`, message: `${CLOCK_MESSAGE}, or 24:00` });

    if (startMinute !== null && endMinute !== null && startMinute >= endMinute) {
      errors.push({ field: `${field}.end`, message: 'must be after start' });
    } else if (day !== null && startMinute !== null && endMinute !== null) {
      rules.push({ index, day, startMinute, endMinute });
    }
  });

  errors.push(...findOverlaps(rules, fieldPrefix));
  return { rules: errors.length === 0 ? sortRules(rules) : [], errors };
}

function sortRules(rules: ParsedRule[]): ParsedRule[] {
  return [...rules].sort(
    (a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.startMinute - b.startMinute,
  );
}

function findOverlaps(rules: ParsedRule[], fieldPrefix: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const day of WEEKDAYS) {
    const sameDay = rules.filter((r) => r.day === day).sort((a, b) => a.startMinute - b.startMinute);
    // Compare with the furthest-reaching interval so far, not just the previous one:
    // 09:00–17:00 must also clash with 12:00–13:00 when 10:00–11:00 sits between them.
    let reach: ParsedRule | undefined;
    for (const rule of sameDay) {
      if (reach && rule.startMinute < reach.endMinute) {
        errors.push({
          field: `${fieldPrefix}.${rule.index}.start`,
          message: `overlaps ${fieldPrefix}.${reach.index} on ${day}`,
        });
      }
      if (!reach || rule.endMinute > reach.endMinute) reach = rule;
    }
  }
  return errors;
}
