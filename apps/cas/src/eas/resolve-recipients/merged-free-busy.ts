/**
 * MergedFreeBusy (MS-ASCMD 2.2.3.111): one digit per 30 minutes from StartTime, each the
 * strongest state of the busy intervals overlapping that half hour: 0 free, 1 tentative,
 * 2 busy, 3 out of office, 4 working elsewhere. Out of office outweighs busy, busy tentative,
 * and a tentative meeting outweighs working elsewhere, which still leaves the person reachable.
 */
import type { BusyInterval } from '@mail/contracts';

export const SLOT_MS = 30 * 60_000;
const WEIGHT: Record<BusyInterval['busyStatus'], number> = { 0: 0, 4: 1, 1: 2, 2: 3, 3: 4 };

export function mergedFreeBusy(
  start: number,
  end: number,
  intervals: readonly BusyInterval[],
): string {
  const slots = Math.ceil((end - start) / SLOT_MS);
  const merged = new Array<BusyInterval['busyStatus']>(slots).fill(0);
  for (const interval of intervals) {
    const from = Math.max(0, Math.floor((Date.parse(interval.start) - start) / SLOT_MS));
    const to = Math.min(slots, Math.ceil((Date.parse(interval.end) - start) / SLOT_MS));
    for (let slot = from; slot < to; slot++)
      if (WEIGHT[interval.busyStatus] > WEIGHT[merged[slot]]) merged[slot] = interval.busyStatus;
  }
  return merged.join('');
}
