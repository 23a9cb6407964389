/**
 * EAS sync state kept by the mailbox role for CAS (DESIGN.md, "Sync state"): per device and
 * collection two generations, the acknowledged SyncKey N and the pending N+1 with the exact
 * answer that carried it, so a repeated N gets the same answer again and N+1 confirms it. The
 * folder hierarchy (FolderSync) has the same two generations per device.
 *
 * A SyncKey that is neither is a normal protocol outcome (EAS Status 3), so it is a typed
 * reply, `{status: 'invalid-key'}`, not a bus error.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { DeviceId } from '../directory/devices';
import { MailboxName } from './folders';
import { FetchSelector, type FetchedItem } from './item-reads';
import type { ChangesList } from './items';

export const SYNC_STATE_LIMITS = {
  /** The WBXML answer CAS sent with a pending SyncKey, in bytes. */
  maxAnswerBytes: 16 * 1024 * 1024,
  /** CAS's opaque state blob (items held in the filter window, ...), in bytes. */
  maxStateBytes: 8 * 1024 * 1024,
  /** ClientIds looked up in one request (a Sync request's Add elements). */
  maxClientIds: 512,
  /** Collections one Ping may watch: the most EAS_PING_MAX_FOLDERS allows. */
  maxWatchedCollections: 5000,
} as const;

/**
 * Items a sync-state read brings with its journal at most (`changes.items`): enough for the
 * mail a Ping announces, little enough that a read whose window the device will not take
 * whole (a wider filter, a large backlog) costs no more than a small fetch.
 */
export const SYNC_PREFETCH_ITEMS = 8;

/**
 * Padded base64. A flat character class, not a repeated group: V8 backtracks a group by
 * recursion and overflows its stack on multi-megabyte strings.
 */
const Base64 = (maxBytes: number) =>
  z
    .string()
    .max(4 * Math.ceil(maxBytes / 3), `must be at most ${maxBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    .refine((text) => text.length % 4 === 0, 'must be padded base64');

/** MS-ASCMD CollectionId, as the mailbox assigned it. */
export const CollectionId = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1 to 64 visible ASCII characters');
/** The number CAS puts in a SyncKey; 0 (priming) is never stored. */
export const SyncKey = z
  .number()
  .int('must be an integer')
  .min(1, 'must be positive')
  .max(Number.MAX_SAFE_INTEGER);
/** MS-ASCMD ClientId and ServerId: strings of at most 64 characters. */
const ClientId = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1 to 64 visible ASCII characters');
const ServerId = ClientId;

export const SyncStateValue = z.object({
  /** The folder's change number (or the hierarchy change number) this state has seen. */
  changeNumber: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** What the journal alone cannot tell, in CAS's own encoding; the mailbox never reads it. */
  data: Base64(SYNC_STATE_LIMITS.maxStateBytes),
});
export type SyncStateValue = z.infer<typeof SyncStateValue>;

const Collection = { mailbox: MailboxName, deviceId: DeviceId, collectionId: CollectionId };
const Hierarchy = { mailbox: MailboxName, deviceId: DeviceId };
const Proposal = {
  key: SyncKey,
  state: SyncStateValue,
  /** The WBXML response body, base64, that carried `key` to the device. */
  answer: Base64(SYNC_STATE_LIMITS.maxAnswerBytes),
};

/**
 * `confirm`: the SyncKey the device sent. When it is the pending key, it is confirmed first (as
 * SyncStateConfirm does), so the generations come back with it acknowledged: one request
 * where a Sync would make two.
 */
export const SyncStateGetRequest = z.object({
  ...Collection,
  confirm: SyncKey.optional(),
  /**
   * Another collection of the same device whose generations come back too, read only and in
   * the same statement: a Sync reads the device's remembered request (a pseudo-collection)
   * with the state of the collection it names, one request where it made two.
   */
  alongside: CollectionId.optional(),
  /**
   * The journal of the collection (a folder) after the change number of the generation
   * `confirm` names, at most `window` entries, when after the read that generation is the
   * only one (the state a Sync goes on from): a Sync naming one folder gets its news with its
   * state, one request where it made two. Left out when that does not hold.
   */
  changes: z
    .object({
      window: z.number().int().min(1).max(512),
      /**
       * With the journal, the items it adds or changes (not the device's own changes) read with
       * this selector, when there are at most SYNC_PREFETCH_ITEMS of them: a phone's Sync after
       * a Ping that announced a message gets it with its state, one request where it made two.
       */
      items: FetchSelector.optional(),
    })
    .optional(),
});
/** `key` is the acknowledged key + 1, or 1 to start the collection afresh (SyncKey 0). */
export const SyncStateProposeRequest = z.object({ ...Collection, ...Proposal });
export const SyncStateConfirmRequest = z.object({ ...Collection, key: SyncKey });
export const SyncClientIdsRequest = z.object({
  ...Collection,
  clientIds: z
    .array(ClientId)
    .min(1, 'give at least one ClientId')
    .max(SYNC_STATE_LIMITS.maxClientIds, `at most ${SYNC_STATE_LIMITS.maxClientIds} ClientIds`),
});
/** `key` is the SyncKey of the request that carried the Add: the acknowledged one. */
export const SyncClientIdRecordRequest = z.object({
  ...Collection,
  key: SyncKey,
  clientId: ClientId,
  serverId: ServerId,
});
/** Without collectionId: every collection of the device and its folder hierarchy. */
export const SyncStateResetRequest = z.object({
  ...Hierarchy,
  collectionId: CollectionId.optional(),
});
/**
 * The collections a Ping watches (MS-ASCMD 3.1.5.8): which of them have changes, made by
 * anyone but this device, after the last SyncKey the device was given.
 */
export const SyncStateBehindRequest = z.object({
  ...Hierarchy,
  collectionIds: z
    .array(CollectionId)
    .min(1, 'give at least one CollectionId')
    .max(
      SYNC_STATE_LIMITS.maxWatchedCollections,
      `at most ${SYNC_STATE_LIMITS.maxWatchedCollections} CollectionIds`,
    ),
});
export const HierarchyStateGetRequest = z.object(Hierarchy);
export const HierarchyStateProposeRequest = z.object({ ...Hierarchy, ...Proposal });
export const HierarchyStateConfirmRequest = z.object({ ...Hierarchy, key: SyncKey });

export interface SyncStateGeneration {
  key: number;
  state: SyncStateValue;
}
export interface SyncStateGenerations {
  acknowledged: SyncStateGeneration | null;
  pending: (SyncStateGeneration & { answer: string }) | null;
  /** The `alongside` collection's, when asked for. */
  alongside?: SyncStateGenerations;
  /**
   * The journal after `after`, the confirmed generation's change number, when asked for; with
   * `items` when they were asked for and few enough (items missing or deferred are left out).
   */
  changes?: ChangesList & { after: number; items?: FetchedItem[] };
}
/** A SyncKey that is neither held generation (EAS Status 3); the keys held, for CAS's log. */
export interface InvalidSyncKey {
  status: 'invalid-key';
  acknowledgedKey: number | null;
  pendingKey: number | null;
}
export type SyncKeyReply = { status: 'ok' } | InvalidSyncKey;
export type SyncClientIdRecordReply = { status: 'ok'; serverId: string } | InvalidSyncKey;
/** The collections asked about that are behind, in the order asked. */
export interface SyncStateBehindReply {
  collectionIds: string[];
}
export interface ClientIdMapping {
  clientId: string;
  serverId: string;
}

type In<T extends z.ZodType> = z.input<T>;
export const SyncStateGet = request<In<typeof SyncStateGetRequest>, SyncStateGenerations>(
  'mailbox',
  'sync-state',
  'get',
);
export const SyncStatePropose = request<In<typeof SyncStateProposeRequest>, SyncKeyReply>(
  'mailbox',
  'sync-state',
  'propose',
);
export const SyncStateConfirm = request<In<typeof SyncStateConfirmRequest>, SyncKeyReply>(
  'mailbox',
  'sync-state',
  'confirm',
);
export const SyncClientIds = request<In<typeof SyncClientIdsRequest>, ClientIdMapping[]>(
  'mailbox',
  'sync-state',
  'client-ids',
);
export const SyncClientIdRecord = request<
  In<typeof SyncClientIdRecordRequest>,
  SyncClientIdRecordReply
>('mailbox', 'sync-state', 'record-client-id');
export const SyncStateReset = request<In<typeof SyncStateResetRequest>, { collections: number }>(
  'mailbox',
  'sync-state',
  'reset',
);
export const SyncStateBehind = request<In<typeof SyncStateBehindRequest>, SyncStateBehindReply>(
  'mailbox',
  'sync-state',
  'behind',
);
export const HierarchyStateGet = request<In<typeof HierarchyStateGetRequest>, SyncStateGenerations>(
  'mailbox',
  'hierarchy-state',
  'get',
);
export const HierarchyStatePropose = request<In<typeof HierarchyStateProposeRequest>, SyncKeyReply>(
  'mailbox',
  'hierarchy-state',
  'propose',
);
export const HierarchyStateConfirm = request<In<typeof HierarchyStateConfirmRequest>, SyncKeyReply>(
  'mailbox',
  'hierarchy-state',
  'confirm',
);
