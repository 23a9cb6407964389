/**
 * Items of one Sync window, fetched in batches and rendered for the device: Adds and Fetches
 * with body and attachments as the device's options and the policy allow, Changes with the
 * properties a user changes. An item WBXML cannot carry is left out and logged, so one bad
 * message never fails the folder; that is looked for only when the whole collection fails to
 * encode (withoutUncarriable), since encoding a 512-item window is much of its cost.
 */
import { BusError } from '@mail/runtime';
import { ItemFetch, type FetchedItem, type FetchSelector } from '@mail/contracts';
import type { z } from 'zod';
import { el, encode, isChildren, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { isSmime, type BodyChoice } from '../email/email-policy';
import { emailApplicationData, emailChangeData } from '../email/render-email';

const S = 'AirSync';

/** The bodies a device gets: `smime` for S/MIME messages when it asked MIME for those only. */
export interface BodyChoices {
  body: BodyChoice;
  smime: BodyChoice | null;
}

/** What items rendered with `body` are fetched with (null: their properties, for Changes). */
export function fetchSelect(body: BodyChoice | null): z.input<typeof FetchSelector> {
  return {
    properties: true,
    body: body ? { type: body.type, truncateBytes: body.truncateBytes } : undefined,
    attachments: body !== null,
  };
}

/**
 * Items by id, with their bodies when `bodies` are given; ids not found are left out. Those in
 * `prefetched` (read with the sync state, with the same bodies) are not fetched again.
 */
export async function fetchItems(
  context: EasContext,
  ids: readonly string[],
  bodies: BodyChoices | null,
  prefetched: readonly FetchedItem[] = [],
): Promise<Map<string, FetchedItem>> {
  const wanted = new Set(ids);
  const found = new Map(
    prefetched.filter((item) => wanted.has(item.itemId)).map((item) => [item.itemId, item]),
  );
  const rest = ids.filter((id) => !found.has(id));
  for (const [id, item] of await fetchBatches(context, rest, bodies?.body ?? null))
    found.set(id, item);
  if (!bodies?.smime) return found;
  const smime = [...found.values()]
    .filter((item) => item.headers && isSmime(item.headers.messageClass))
    .map((item) => item.itemId);
  if (smime.length)
    for (const [id, item] of await fetchBatches(context, smime, bodies.smime)) found.set(id, item);
  return found;
}

/**
 * Items per fetch request. A 512-item window goes as four requests at once: the mailbox reads
 * and serializes one while CAS parses another, and 128 messages with the usual truncated bodies
 * fit one NATS message as they are, where 512 had to be deflated and inflated on the way.
 */
export const FETCH_CHUNK_ITEMS = 128;

async function fetchBatches(
  context: EasContext,
  ids: readonly string[],
  body: BodyChoice | null,
): Promise<Map<string, FetchedItem>> {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let at = 0; at < unique.length; at += FETCH_CHUNK_ITEMS)
    chunks.push(unique.slice(at, at + FETCH_CHUNK_ITEMS));
  const found = new Map<string, FetchedItem>();
  for (const items of await Promise.all(chunks.map((chunk) => fetchChunk(context, chunk, body))))
    for (const item of items) found.set(item.itemId, item);
  return found;
}

async function fetchChunk(
  context: EasContext,
  ids: string[],
  body: BodyChoice | null,
): Promise<FetchedItem[]> {
  const found: FetchedItem[] = [];
  for (let unfetched = ids; unfetched.length;) {
    const reply = await context.bus.request(ItemFetch, {
      mailbox: context.user.userPrincipalName,
      itemIds: unfetched,
      select: fetchSelect(body),
    });
    found.push(...reply.items);
    // Deferred items come back on the next call; at least one is answered each time.
    unfetched = reply.deferred;
  }
  return found;
}

/** An item element's ServerId child. */
const serverIdOf = (element: WbxmlElement) =>
  isChildren(element.content) ? element.content.find((c) => c.tag === 'ServerId') : undefined;

/** Whether an item's element encodes; when not, logged with the item's id. */
function carriable(context: EasContext, element: WbxmlElement): boolean {
  try {
    encode(element);
    return true;
  } catch (error) {
    const reason = (error as Error).message;
    context.log.warn({ itemId: serverIdOf(element)?.content, reason }, 'item left out of Sync');
    return false;
  }
}

/**
 * A collection's Commands and Responses without the items WBXML cannot carry (a NUL or a lone
 * surrogate in their text): such an Add or Change is left out, a Fetch of one answered with
 * Status 6. For a collection that failed to encode.
 */
export function withoutUncarriable(context: EasContext, rest: WbxmlElement[]): WbxmlElement[] {
  return rest.flatMap((part) => {
    if (!isChildren(part.content) || (part.tag !== 'Commands' && part.tag !== 'Responses'))
      return [part];
    const kept = part.content.flatMap((item) => {
      if (carriable(context, item)) return [item];
      const serverId = item.tag === 'Fetch' && serverIdOf(item);
      return serverId ? [el(S, 'Fetch', [serverId, el(S, 'Status', '6')])] : [];
    });
    return kept.length ? [el(S, part.tag, kept)] : [];
  });
}

export function addElement(
  context: EasContext,
  item: FetchedItem,
  bodies: BodyChoices,
  tag: 'Add' | 'Fetch' = 'Add',
): WbxmlElement | null {
  if (item.class !== 'Email' || !item.headers) return null;
  const smime = bodies.smime && item.body?.type === 'mime';
  const data = emailApplicationData(item, {
    version: context.version,
    settings: context.policy.settings,
    body: smime ? bodies.smime : bodies.body,
  });
  const head =
    tag === 'Add'
      ? [el(S, 'ServerId', item.itemId)]
      : [el(S, 'ServerId', item.itemId), el(S, 'Status', '1')];
  return el(S, tag, [...head, el(S, 'ApplicationData', data)]);
}

export function changeElement(context: EasContext, item: FetchedItem): WbxmlElement | null {
  if (!item.headers) return null;
  const data = emailChangeData(item.headers, context.version);
  return el(S, 'Change', [el(S, 'ServerId', item.itemId), el(S, 'ApplicationData', data)]);
}

/** The Sync Status for a mailbox refusal of one item (MS-ASCMD 2.2.3.177.17). */
export function itemStatus(context: EasContext, error: unknown, itemId: string): number {
  if (error instanceof BusError && error.code === 'not-found') return 8;
  if (error instanceof BusError && error.temporary) throw error;
  context.log.warn({ itemId, reason: (error as Error).message }, 'device change refused');
  return 6;
}
