// What /proc says a process uses, for the figures that measure a server from outside it.
import { readdirSync, readFileSync } from 'node:fs';

/** /proc counts CPU time in these per second. */
export const CLOCK_TICKS = 100;

/** Resident memory (kB) and CPU time (clock ticks) of a process. */
export function processUsage(pid: number): { rssKb: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1]);
  return { rssKb, cpuTicks: cpuTicks(pid) };
}

function cpuTicks(pid: number): number {
  // Fields after the command name: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * The processes a figure shares the machine among, by name: one process by its pid, or every
 * process of a program (PostgreSQL runs one per connection, each titled `postgres: ...`).
 */
export type ProcessGroups = Record<string, number | string>;

/** CPU ticks used so far by each group; a process gone since counts no more. */
export function groupTicks(groups: ProcessGroups): Record<string, number> {
  const ticks: Record<string, number> = {};
  const processes = Object.values(groups).some((g) => typeof g === 'string') ? running() : [];
  for (const [name, group] of Object.entries(groups)) {
    const pids =
      typeof group === 'number'
        ? [group]
        : processes.filter((c) => c.program.startsWith(group)).map((c) => c.pid);
    ticks[name] = pids.reduce((sum, pid) => {
      try {
        return sum + cpuTicks(pid);
      } catch {
        return sum; // ended meanwhile
      }
    }, 0);
  }
  return ticks;
}

/** Each group's share of one core between two readings `seconds` apart: "name 12%, ...". */
export function cpuShares(
  before: Record<string, number>,
  after: Record<string, number>,
  seconds: number,
): string {
  return Object.keys(after)
    .map((name) => {
      const share = ((after[name] - (before[name] ?? 0)) / CLOCK_TICKS / seconds) * 100;
      return `${name} ${share.toFixed(0)}%`;
    })
    .join(', ');
}

/** Every process and its program: the file name of its first word (`postgres:` for a backend). */
function running(): Array<{ pid: number; program: string }> {
  const found: Array<{ pid: number; program: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const first = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split(/[\0 ]/)[0];
      found.push({ pid: Number(entry), program: first.slice(first.lastIndexOf('/') + 1) });
    } catch {
      // ended meanwhile
    }
  }
  return found;
}
