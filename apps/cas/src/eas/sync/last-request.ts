/**
 * The device's last full Sync request (MS-ASCMD 3.1.5.3: an empty request or a Partial one
 * stands for it), kept with the sync state as a pseudo-collection of the device: its
 * collections with their options (options a later request leaves out stay as they were) and
 * its hold. Proposing key 1 each time replaces it in one call.
 */
import {
  SyncStateGet,
  SyncStatePropose,
  type SyncStateGenerations,
  type SyncStateGetRequest,
} from '@mail/contracts';
import type { z } from 'zod';
import type { EasContext } from '../command';
import { DEFAULT_EMAIL_OPTIONS } from '../email/email-options';
import { DEFAULT_WINDOW_SIZE, type CollectionOptions, type SyncRequest } from './sync-request';

/** Not a folder id (those are UUIDs), so it never meets a real collection. */
const LAST_REQUEST_ID = '#Sync';

export interface RememberedRequest {
  collections: Array<{ collectionId: string; options: CollectionOptions }>;
  waitSeconds?: number;
  holdBy?: SyncRequest['holdBy'];
}

export const DEFAULT_OPTIONS: CollectionOptions = {
  filterType: 0,
  email: DEFAULT_EMAIL_OPTIONS,
  deletesAsMoves: true,
  serverWins: true,
  getChanges: true,
  windowSize: DEFAULT_WINDOW_SIZE,
};

const where = (context: EasContext) => ({
  mailbox: context.user.userPrincipalName,
  deviceId: context.device.id,
  collectionId: LAST_REQUEST_ID,
});

/**
 * The remembered request; with `along`, the state of that collection too, in the same request
 * to the mailbox (confirming `along.confirm` when it is the pending key, as a Sync's read does),
 * and with `along.changes` its journal after that state.
 */
export async function lastRequest(
  context: EasContext,
  along?: Pick<z.input<typeof SyncStateGetRequest>, 'collectionId' | 'confirm' | 'changes'>,
): Promise<{ last: RememberedRequest | null; generations?: SyncStateGenerations }> {
  if (!along) return { last: remembered(await context.bus.request(SyncStateGet, where(context))) };
  const { alongside, ...generations } = await context.bus.request(SyncStateGet, {
    ...where(context),
    ...along,
    alongside: LAST_REQUEST_ID,
  });
  return { last: alongside ? remembered(alongside) : null, generations };
}

function remembered({ pending, acknowledged }: SyncStateGenerations): RememberedRequest | null {
  const state = pending?.state ?? acknowledged?.state;
  if (!state) return null;
  try {
    const value = JSON.parse(
      Buffer.from(state.data, 'base64').toString('utf8'),
    ) as RememberedRequest;
    return Array.isArray(value.collections) ? value : null;
  } catch {
    return null;
  }
}

export async function rememberRequest(
  context: EasContext,
  request: RememberedRequest,
): Promise<void> {
  await context.bus.request(SyncStatePropose, {
    ...where(context),
    key: 1,
    state: { changeNumber: 0, data: Buffer.from(JSON.stringify(request)).toString('base64') },
    answer: '',
  });
}
