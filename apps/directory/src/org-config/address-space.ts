/**
 * Send connector address spaces, matched as Exchange does: the most specific address space that
 * covers a domain wins (`contoso.com` over `*.contoso.com` over `*.com` over `*`).
 */

/** Whether `space` (`*`, `contoso.com`, `*.contoso.com`) covers `domain` (lower case). */
export function addressSpaceCovers(space: string, domain: string): boolean {
  if (space === '*') return true;
  if (space.startsWith('*.')) return domain.endsWith(space.slice(1));
  return domain === space;
}

/**
 * How specific a covering address space is: exact domains beat wildcards, longer suffixes beat
 * shorter ones, and `*` comes last.
 */
export function specificity(space: string): number {
  if (space === '*') return 0;
  return space.startsWith('*.') ? space.length : space.length + 1000;
}

/**
 * The connector whose best covering address space is the most specific; ties go to the first
 * in `connectors` order (the caller passes them ordered by name, so the choice is stable).
 */
export function routeByAddressSpace<T extends { addressSpaces: string[] }>(
  connectors: T[],
  domain: string,
): { connector: T; addressSpace: string } | null {
  let best: { connector: T; addressSpace: string; score: number } | null = null;
  for (const connector of connectors) {
    for (const space of connector.addressSpaces) {
      if (!addressSpaceCovers(space, domain)) continue;
      const score = specificity(space);
      if (!best || score > best.score) best = { connector, addressSpace: space, score };
    }
  }
  return best && { connector: best.connector, addressSpace: best.addressSpace };
}
