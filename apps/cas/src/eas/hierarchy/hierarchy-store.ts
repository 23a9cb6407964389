/**
 * The mailbox's folder hierarchy and a device's hierarchy sync state, as FolderSync and
 * FolderCreate/Update/Delete need them, with what CAS remembers to keep an unchanged FolderSync
 * off the bus: a mailbox's folder list for a while (EAS_LIMITS.cache.foldersMs; changes made
 * through this CAS and the mailbox's HierarchyChanged events drop it at once), and per device
 * the generations it last read or wrote, plus the hierarchy change number at which the
 * acknowledged state was last found current.
 */
import { BusError, type BusClient } from '@mail/runtime';
import {
  FolderListSubject,
  HierarchyStateConfirm,
  HierarchyStateGet,
  HierarchyStatePropose,
  MailboxEnsure,
  type FolderList,
  type SyncKeyReply,
  type SyncStateGenerations,
} from '@mail/contracts';
import { TtlCache } from '../../directory/ttl-cache';
import { EAS_LIMITS } from '../limits';

interface KnownDevice {
  generations: SyncStateGenerations;
  /** The hierarchy change number at which the acknowledged state matched the mailbox. */
  verifiedChangeNumber: number;
}

const { cache } = EAS_LIMITS;

export class HierarchyStore {
  private readonly folderLists: TtlCache<string, FolderList>;
  private readonly devices: TtlCache<string, KnownDevice>;

  constructor(
    private readonly bus: BusClient,
    now: () => number = Date.now,
  ) {
    this.folderLists = new TtlCache(cache.foldersMs, cache.maxEntries, now);
    this.devices = new TtlCache(cache.deviceMs, cache.maxEntries, now);
  }

  /** The mailbox's folders; a mailbox that does not exist yet is created with its defaults. */
  folders(mailbox: string, fresh = false): Promise<FolderList> {
    if (fresh) this.folderLists.delete(mailbox);
    return this.folderLists.through(mailbox, async () => {
      try {
        return await this.bus.request(FolderListSubject, { mailbox });
      } catch (error) {
        if (!(error instanceof BusError) || error.code !== 'not-found') throw error;
        await this.bus.request(MailboxEnsure, { mailbox });
        return this.bus.request(FolderListSubject, { mailbox });
      }
    });
  }

  /** The folder list changed, through this CAS or as the mailbox announced. */
  forgetFolders(mailbox: string): void {
    this.folderLists.delete(mailbox);
  }

  async generations(mailbox: string, deviceId: string): Promise<KnownDevice> {
    const key = deviceKey(mailbox, deviceId);
    const known = this.devices.get(key);
    if (known) return known;
    let generations: SyncStateGenerations;
    try {
      generations = await this.bus.request(HierarchyStateGet, { mailbox, deviceId });
    } catch (error) {
      // A mailbox that does not exist yet holds no state.
      if (!(error instanceof BusError) || error.code !== 'not-found') throw error;
      generations = { acknowledged: null, pending: null };
    }
    return this.devices.set(key, {
      generations,
      verifiedChangeNumber: generations.acknowledged?.state.changeNumber ?? -1,
    });
  }

  /** The device's acknowledged state matched the mailbox at this change number. */
  verified(mailbox: string, deviceId: string, changeNumber: number): void {
    const known = this.devices.get(deviceKey(mailbox, deviceId));
    if (known) known.verifiedChangeNumber = changeNumber;
  }

  async propose(
    mailbox: string,
    deviceId: string,
    key: number,
    state: { changeNumber: number; data: string },
    answer: Uint8Array,
  ): Promise<SyncKeyReply> {
    const base64 = Buffer.from(answer.buffer, answer.byteOffset, answer.length).toString('base64');
    const reply = await this.bus.request(HierarchyStatePropose, {
      mailbox,
      deviceId,
      key,
      state,
      answer: base64,
    });
    const cacheKey = deviceKey(mailbox, deviceId);
    if (reply.status !== 'ok') {
      this.devices.delete(cacheKey);
      return reply;
    }
    const known = this.devices.get(cacheKey);
    const acknowledged = key === 1 ? null : (known?.generations.acknowledged ?? null);
    this.devices.set(cacheKey, {
      generations: { acknowledged, pending: { key, state, answer: base64 } },
      verifiedChangeNumber: known?.verifiedChangeNumber ?? -1,
    });
    return reply;
  }

  /** The device sent its pending key: that generation becomes the acknowledged one. */
  async confirm(mailbox: string, deviceId: string, key: number): Promise<SyncKeyReply> {
    const reply = await this.bus.request(HierarchyStateConfirm, { mailbox, deviceId, key });
    const cacheKey = deviceKey(mailbox, deviceId);
    const known = this.devices.get(cacheKey);
    if (reply.status !== 'ok' || known?.generations.pending?.key !== key) {
      this.devices.delete(cacheKey);
      return reply;
    }
    const { state } = known.generations.pending;
    this.devices.set(cacheKey, {
      generations: { acknowledged: { key, state }, pending: null },
      verifiedChangeNumber: state.changeNumber,
    });
    return reply;
  }
}

const deviceKey = (mailbox: string, deviceId: string) => `${mailbox}\n${deviceId}`;
