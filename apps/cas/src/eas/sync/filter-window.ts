/**
 * Email FilterType (MS-ASCMD 2.2.3.70.2) as the start of an age window, narrowed to the
 * policy's MaxEmailAgeFilter (MS-ASPROV 2.2.2.33), which the server enforces since a device
 * could ask for more. The start is rounded down to the hour so that the window moves (and
 * SoftDelete is looked for) at most hourly, not on every request.
 */
import type { EasPolicy } from '@mail/policy';

/** FilterType -> days; 0 is no limit. */
const FILTER_DAYS: Readonly<Record<number, number>> = { 1: 1, 2: 3, 3: 7, 4: 14, 5: 30 };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The device's FilterType, or the policy's maximum when that is narrower. */
export function effectiveFilter(filterType: number, settings: EasPolicy): number {
  const max = settings.MaxEmailAgeFilter;
  if (typeof max !== 'number' || max === 0) return filterType;
  return filterType === 0 ? max : Math.min(filterType, max);
}

/** Start of the window (ISO), or null for no age limit. */
export function windowStart(filterType: number, now: number): string | null {
  const days = FILTER_DAYS[filterType];
  if (!days) return null;
  return new Date(Math.floor((now - days * DAY_MS) / HOUR_MS) * HOUR_MS).toISOString();
}

/** Whether a window starting at `since` holds an item received at `date`. */
export const inWindow = (since: string | null, date: string) =>
  since === null || Date.parse(date) >= Date.parse(since);
