import { mergedFreeBusy } from './merged-free-busy';

describe('MergedFreeBusy', () => {
  const start = Date.parse('2026-03-02T08:00:00Z');
  const end = Date.parse('2026-03-02T12:00:00Z');

  it('has one digit per half hour, the strongest state of what overlaps it', () => {
    expect(
      mergedFreeBusy(start, end, [
        { start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z', busyStatus: 2 },
        { start: '2026-03-02T09:30:00Z', end: '2026-03-02T10:15:00Z', busyStatus: 1 },
        { start: '2026-03-02T11:00:00Z', end: '2026-03-02T14:00:00Z', busyStatus: 3 },
        { start: '2026-03-02T07:00:00Z', end: '2026-03-02T08:30:00Z', busyStatus: 4 },
      ]),
    ).toBe('40221033');
  });

  it('is all free without intervals', () => {
    expect(mergedFreeBusy(start, end, [])).toBe('00000000');
  });
});
