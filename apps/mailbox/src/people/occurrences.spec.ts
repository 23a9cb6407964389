import type { CalendarProperties } from '@mail/contracts';
import { busyIntervals } from './occurrences';

const window = (from: string, to: string) => [new Date(from), new Date(to)] as const;

describe('busy intervals of calendar items', () => {
  const weekly: CalendarProperties = {
    StartTime: '2026-03-02T09:00:00.000Z',
    EndTime: '2026-03-02T10:00:00.000Z',
    // Mondays and Wednesdays, ten occurrences: the last is Wednesday 1 April.
    Recurrence: { Type: 1, Interval: 1, DayOfWeek: 2 | 8, Occurrences: 10 },
    Exceptions: [
      { ExceptionStartTime: '2026-03-04T09:00:00.000Z', Deleted: 1 },
      {
        ExceptionStartTime: '2026-03-09T09:00:00.000Z',
        StartTime: '2026-03-09T14:00:00.000Z',
        EndTime: '2026-03-09T16:00:00.000Z',
        BusyStatus: 1,
      },
    ],
  };

  it('expands a weekly series, leaving deleted occurrences out and taking changed ones', () => {
    const [from, to] = window('2026-03-01T00:00:00Z', '2026-03-12T00:00:00Z');
    expect(busyIntervals(weekly, from, to, 100)).toEqual([
      { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z', busyStatus: 2 },
      { start: '2026-03-09T14:00:00.000Z', end: '2026-03-09T16:00:00.000Z', busyStatus: 1 },
      { start: '2026-03-11T09:00:00.000Z', end: '2026-03-11T10:00:00.000Z', busyStatus: 2 },
    ]);
  });

  it('ends a series at its count, and skips free items and items outside the window', () => {
    const [from, to] = window('2026-04-02T00:00:00Z', '2026-05-01T00:00:00Z');
    expect(busyIntervals(weekly, from, to, 100)).toEqual([]);
    const free = {
      ...weekly,
      Recurrence: undefined,
      Exceptions: undefined,
      BusyStatus: 0 as const,
    };
    expect(
      busyIntervals(free, ...window('2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'), 100),
    ).toEqual([]);
  });

  it('expands monthly on the last Friday, bounded by the limit', () => {
    const monthly: CalendarProperties = {
      StartTime: '2026-01-30T12:00:00.000Z',
      EndTime: '2026-01-30T13:00:00.000Z',
      BusyStatus: 3,
      Recurrence: { Type: 3, Interval: 1, DayOfWeek: 32, WeekOfMonth: 5 },
    };
    const [from, to] = window('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z');
    const all = busyIntervals(monthly, from, to, 100);
    expect(all).toHaveLength(12);
    expect(all[1].start).toBe('2026-02-27T12:00:00.000Z');
    expect(busyIntervals(monthly, from, to, 3)).toHaveLength(3);
  });
});
