/**
 * The GAL search behind Search (Store GAL) and Find (GalSearchCriterion): a page of entries
 * matching the query's prefix, how many match, and each entry's picture when asked for (14.1+).
 */
import { GalSearch, type GalEntry } from '@mail/contracts';
import type { EasContext } from '../command';
import { atLeast } from '../protocol';
import { picturesFor, type Picture, type PictureOptions } from './picture-options';
import type { GalRange } from './range';

export interface GalQuery {
  query: string;
  range: GalRange;
  pictures?: PictureOptions;
}
export interface GalPage {
  total: number;
  start: number;
  entries: Array<{ entry: GalEntry; picture?: Picture }>;
}

export async function searchGal(context: EasContext, request: GalQuery): Promise<GalPage> {
  const { total, entries } = await context.bus.request(GalSearch, {
    query: request.query,
    rangeStart: request.range.start,
    rangeEnd: request.range.end,
    userPrincipalName: context.user.userPrincipalName,
  });
  const pictures =
    request.pictures && atLeast(context.version, '14.1')
      ? await picturesFor(
          context,
          entries.map((e) => e.emailAddress),
          request.pictures,
        )
      : [];
  return {
    total,
    start: request.range.start,
    entries: entries.map((entry, i) => ({ entry, picture: pictures[i] })),
  };
}
