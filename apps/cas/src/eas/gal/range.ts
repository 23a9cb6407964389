/**
 * A GAL Range ("0-99", MS-ASCMD 2.2.3.143): inclusive, at most GAL_PAGE_SIZE entries and within
 * the first GAL_MAX_MATCHES; a longer range is cut to the page size, as Exchange does.
 */
import { GAL_MAX_MATCHES, GAL_PAGE_SIZE } from '@mail/contracts';

export interface GalRange {
  start: number;
  end: number;
}

/** The range asked for, the whole first page when none was; null when it is not a range. */
export function parseGalRange(text: string | undefined): GalRange | null {
  if (text === undefined) return { start: 0, end: GAL_PAGE_SIZE - 1 };
  const match = /^(\d{1,3})-(\d{1,3})$/.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start || start >= GAL_MAX_MATCHES) return null;
  return { start, end: Math.min(end, start + GAL_PAGE_SIZE - 1, GAL_MAX_MATCHES - 1) };
}

/** The Range of an answer of `count` entries from `start`; none for an empty answer. */
export function answeredRange(start: number, count: number): string | undefined {
  return count === 0 ? undefined : `${start}-${start + count - 1}`;
}
