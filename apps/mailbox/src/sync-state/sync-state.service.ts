/**
 * EAS sync state for CAS (DESIGN.md, "Sync state"): the two generations per device and
 * collection or folder hierarchy, and the ClientId map. The bytes CAS hands over are stored
 * and given back exactly; the mailbox never interprets them.
 */
import {
  SYNC_PREFETCH_ITEMS,
  SYNC_STATE_LIMITS,
  type ChangesList,
  type ClientIdMapping,
  type SyncClientIdRecordReply,
  type SyncKeyReply,
  type SyncStateGenerations,
  type SyncStateValue,
} from '@mail/contracts';
import { badRequest } from '../errors';
import type { FetchSelection, ItemReadsService } from '../items/item-reads.service';
import type { MailboxIds } from '../persistence/mailbox-ids';
import {
  isFolderId,
  type CollectionRef,
  type StoredGenerations,
  type SyncStateRepository,
} from './persistence/sync-state.repository';

/** The collection id under which a device's folder hierarchy (FolderSync) state is kept. */
export const FOLDER_HIERARCHY = '';

export interface Proposal {
  key: number;
  state: SyncStateValue;
  /** Base64 of the WBXML response that carried `key`. */
  answer: string;
}

/** Decodes a contract-validated base64 field, refusing it over its decoded size bound. */
const decode = (field: string, base64: string, maxBytes: number) => {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > maxBytes) throw badRequest(`${field}: must be at most ${maxBytes} bytes`);
  return bytes;
};

const encodeState = (state: { changeNumber: number; data: Buffer }) => ({
  changeNumber: state.changeNumber,
  data: state.data.toString('base64'),
});

const generationsReply = ({ acknowledged, pending }: StoredGenerations): SyncStateGenerations => ({
  acknowledged: acknowledged && { key: acknowledged.key, state: encodeState(acknowledged.state) },
  pending: pending && {
    key: pending.key,
    state: encodeState(pending.state),
    answer: pending.answer.toString('base64'),
  },
});

export class SyncStateService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly repository: SyncStateRepository,
    private readonly reads: Pick<ItemReadsService, 'changes' | 'fetch'>,
  ) {}

  async get(
    mailbox: string,
    deviceId: string,
    collectionId: string,
    confirm?: number,
    alongside?: string,
    changes?: { window: number; items?: FetchSelection },
  ): Promise<SyncStateGenerations> {
    const ref = await this.ref(mailbox, deviceId, collectionId);
    const read = await this.repository.generations(ref, confirm, alongside);
    const reply = generationsReply(read.main);
    if (read.alongside) reply.alongside = generationsReply(read.alongside);
    const { acknowledged, pending } = read.main;
    const current = confirm !== undefined && acknowledged?.key === confirm && !pending;
    if (changes && current && isFolderId(collectionId)) {
      const after = acknowledged.state.changeNumber;
      // A folder gone, say: the caller asks on its own and meets the error then.
      const list = await this.reads
        .changes(mailbox, collectionId, { after, window: changes.window })
        .catch(() => undefined);
      if (list) reply.changes = { ...list, after };
      if (list && changes.items) {
        const items = await this.newsOf(mailbox, deviceId, list, changes.items);
        if (items) reply.changes = { ...list, after, items };
      }
    }
    return reply;
  }

  /**
   * The items the journal adds or changes, not by the device itself, when there are few; the
   * caller fetches what is not here (an item deleted since, or deferred by the size budget).
   */
  private async newsOf(
    mailbox: string,
    deviceId: string,
    list: ChangesList,
    select: FetchSelection,
  ) {
    const ids = new Set(
      list.changes
        .filter((c) => c.origin !== deviceId && c.kind !== 'delete' && c.kind !== 'move-out')
        .map((c) => c.itemId),
    );
    if (ids.size === 0 || ids.size > SYNC_PREFETCH_ITEMS) return undefined;
    const fetched = await this.reads.fetch(mailbox, [...ids], select).catch(() => undefined);
    return fetched?.items;
  }

  async propose(
    mailbox: string,
    deviceId: string,
    collectionId: string,
    proposal: Proposal,
  ): Promise<SyncKeyReply> {
    const state = {
      changeNumber: proposal.state.changeNumber,
      data: decode('state.data', proposal.state.data, SYNC_STATE_LIMITS.maxStateBytes),
    };
    const answer = decode('answer', proposal.answer, SYNC_STATE_LIMITS.maxAnswerBytes);
    return this.repository.propose(
      await this.ref(mailbox, deviceId, collectionId),
      proposal.key,
      state,
      answer,
    );
  }

  async confirm(
    mailbox: string,
    deviceId: string,
    collectionId: string,
    key: number,
  ): Promise<SyncKeyReply> {
    return this.repository.confirm(await this.ref(mailbox, deviceId, collectionId), key);
  }

  /** The collections with changes the device was not sent; none for a mailbox not created yet. */
  async behind(mailbox: string, deviceId: string, collectionIds: string[]): Promise<string[]> {
    const mailboxId = await this.mailboxes.find(mailbox);
    return mailboxId ? this.repository.behind(mailboxId, deviceId, collectionIds) : [];
  }

  async clientIds(
    mailbox: string,
    deviceId: string,
    collectionId: string,
    clientIds: string[],
  ): Promise<ClientIdMapping[]> {
    return this.repository.clientIds(await this.ref(mailbox, deviceId, collectionId), clientIds);
  }

  async recordClientId(
    mailbox: string,
    deviceId: string,
    collectionId: string,
    mapping: { key: number; clientId: string; serverId: string },
  ): Promise<SyncClientIdRecordReply> {
    return this.repository.recordClientId(
      await this.ref(mailbox, deviceId, collectionId),
      mapping.key,
      mapping.clientId,
      mapping.serverId,
    );
  }

  async reset(
    mailbox: string,
    deviceId: string,
    collectionId?: string,
  ): Promise<{ collections: number }> {
    const { id: mailboxId } = await this.mailboxes.ensure(mailbox);
    return { collections: await this.repository.reset(mailboxId, deviceId, collectionId) };
  }

  /**
   * FolderSync (the hierarchy) and a device's reset come first from a new device, possibly
   * before anything created the mailbox: they create it. A collection names a folder, so its
   * mailbox exists.
   */
  private async ref(
    mailbox: string,
    deviceId: string,
    collectionId: string,
  ): Promise<CollectionRef> {
    const mailboxId =
      collectionId === FOLDER_HIERARCHY
        ? (await this.mailboxes.ensure(mailbox)).id
        : await this.mailboxes.require(mailbox);
    return { mailboxId, deviceId, collectionId };
  }
}
