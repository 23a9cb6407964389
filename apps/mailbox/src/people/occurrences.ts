/**
 * The busy intervals of calendar items inside a window: single appointments as they are,
 * recurring ones expanded (MS-ASCAL Recurrence as an RFC 5545 rule, through rrule), deleted
 * occurrences left out and changed ones taken from their exception. Times are UTC: a series
 * keeps its UTC start time across a daylight-saving change (the device's Timezone is not
 * applied), which shifts such occurrences by the DST offset at most.
 */
import { RRule, type Options, type Weekday } from 'rrule';
import type { BusyInterval, CalendarProperties } from '@mail/contracts';

type Recurrence = NonNullable<CalendarProperties['Recurrence']>;

/** DayOfWeek bits (MS-ASCAL 2.2.2.18): Sunday 1 ... Saturday 64. */
const DAYS: Array<[number, Weekday]> = [
  [1, RRule.SU],
  [2, RRule.MO],
  [4, RRule.TU],
  [8, RRule.WE],
  [16, RRule.TH],
  [32, RRule.FR],
  [64, RRule.SA],
];

const weekdays = (mask = 0) => DAYS.filter(([bit]) => mask & bit).map(([, day]) => day);
/** WeekOfMonth 5 is the last week of the month. */
const setPosition = (week = 1) => (week === 5 ? -1 : week);

/** The rule of a recurrence (MS-ASCAL 2.2.2.39 Type: 0 daily ... 6 yearly on the nth day). */
export function ruleOptions(recurrence: Recurrence, start: Date): Partial<Options> {
  const base: Partial<Options> = {
    dtstart: start,
    interval: Math.max(1, recurrence.Interval ?? 1),
    ...(recurrence.Occurrences ? { count: recurrence.Occurrences } : {}),
    ...(recurrence.Until ? { until: new Date(recurrence.Until) } : {}),
  };
  const days = weekdays(recurrence.DayOfWeek);
  switch (recurrence.Type) {
    case 0:
      return { ...base, freq: RRule.DAILY, ...(days.length ? { byweekday: days } : {}) };
    case 1:
      return { ...base, freq: RRule.WEEKLY, byweekday: days.length ? days : null };
    case 2:
      return {
        ...base,
        freq: RRule.MONTHLY,
        bymonthday: recurrence.DayOfMonth ?? start.getUTCDate(),
      };
    case 3:
      return {
        ...base,
        freq: RRule.MONTHLY,
        byweekday: days,
        bysetpos: setPosition(recurrence.WeekOfMonth),
      };
    case 5:
      return {
        ...base,
        freq: RRule.YEARLY,
        bymonth: recurrence.MonthOfYear ?? start.getUTCMonth() + 1,
        bymonthday: recurrence.DayOfMonth ?? start.getUTCDate(),
      };
    case 6:
      return {
        ...base,
        freq: RRule.YEARLY,
        bymonth: recurrence.MonthOfYear ?? start.getUTCMonth() + 1,
        byweekday: days,
        bysetpos: setPosition(recurrence.WeekOfMonth),
      };
  }
}

/** Busy intervals of one item overlapping [from, to), at most `limit`. */
export function busyIntervals(
  item: CalendarProperties,
  from: Date,
  to: Date,
  limit: number,
): BusyInterval[] {
  const start = new Date(item.StartTime);
  const length = Date.parse(item.EndTime) - start.getTime();
  const status = item.BusyStatus ?? 2;
  const interval = (s: Date, ms: number, busyStatus: number): BusyInterval => ({
    start: s.toISOString(),
    end: new Date(s.getTime() + ms).toISOString(),
    busyStatus: busyStatus as BusyInterval['busyStatus'],
  });
  const overlaps = (i: BusyInterval) =>
    i.busyStatus !== 0 && Date.parse(i.start) < to.getTime() && Date.parse(i.end) > from.getTime();
  if (!item.Recurrence) return [interval(start, length, status)].filter(overlaps);

  const exceptions = new Map(
    (item.Exceptions ?? []).map((e) => [Date.parse(e.ExceptionStartTime), e]),
  );
  const rule = new RRule(ruleOptions(item.Recurrence, start));
  // Occurrences starting up to one length before the window still overlap it.
  const starts = rule.between(new Date(from.getTime() - length), to, true, (_d, i) => i < limit);
  const result: BusyInterval[] = [];
  for (const occurrence of starts) {
    const exception = exceptions.get(occurrence.getTime());
    if (exception?.Deleted === 1) continue;
    const s = exception?.StartTime ? new Date(exception.StartTime) : occurrence;
    const ms = exception?.EndTime ? Date.parse(exception.EndTime) - s.getTime() : length;
    result.push(interval(s, ms, exception?.BusyStatus ?? status));
  }
  // Exceptions moved into the window from an occurrence outside it.
  for (const exception of exceptions.values()) {
    if (exception.Deleted === 1 || !exception.StartTime || !exception.EndTime) continue;
    const original = Date.parse(exception.ExceptionStartTime);
    if (starts.some((s) => s.getTime() === original)) continue;
    const s = new Date(exception.StartTime);
    result.push(
      interval(s, Date.parse(exception.EndTime) - s.getTime(), exception.BusyStatus ?? status),
    );
  }
  return result.filter(overlaps);
}
