/**
 * EAS sync state generations and ClientId maps. Every write is one transaction (for confirm and
 * propose, one statement of the sync-state functions) that first locks the collection's head
 * row, so writes to one collection run one after the other and a write decides on the keys it
 * sees under that lock; nothing else is locked, so sync state never waits on deliveries into
 * the same mailbox. PGlite is one connection: inside a transaction
 * only its manager is used.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type {
  ClientIdMapping,
  InvalidSyncKey,
  SyncClientIdRecordReply,
  SyncKeyReply,
} from '@mail/contracts';

/** One collection of one device; the empty collection id is the folder hierarchy. */
export interface CollectionRef {
  mailboxId: string;
  deviceId: string;
  collectionId: string;
}
export interface StoredState {
  changeNumber: number;
  data: Buffer;
}
export interface StoredGenerations {
  acknowledged: { key: number; state: StoredState } | null;
  pending: { key: number; state: StoredState; answer: Buffer } | null;
}
interface HeldKeys {
  acknowledgedKey: number | null;
  pendingKey: number | null;
}

/** Only a folder id can have journal entries; the journal keys folders by uuid. */
const FOLDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isFolderId = (collectionId: string) => FOLDER_ID.test(collectionId);
const WHERE_COLLECTION = 'mailbox_id = $1 AND device_id = $2 AND collection_id = $3';
const refParams = (ref: CollectionRef) => [ref.mailboxId, ref.deviceId, ref.collectionId];
const GENERATION_COLUMNS = `o_key AS key, o_acknowledged AS acknowledged,
  o_change_number AS "changeNumber", o_state AS state, o_answer AS answer`;
/** PostgreSQL hands bytea back as a Buffer, PGlite as a Uint8Array. */
const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
const invalidKey = (held: HeldKeys): InvalidSyncKey => ({ status: 'invalid-key', ...held });
/** The keys a sync state function hands back (bigint comes as text, null when none). */
const keysOf = (row: { acknowledged_key: string | null; pending_key: string | null }) => ({
  acknowledgedKey: row.acknowledged_key === null ? null : Number(row.acknowledged_key),
  pendingKey: row.pending_key === null ? null : Number(row.pending_key),
});

export class SyncStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Both generations, read in one statement so they are from one commit; after confirming
   * `confirm` when it is the pending key (as confirm does). With `alongside`, the generations
   * of that other collection of the device too, in the same statement, read only.
   */
  async generations(
    ref: CollectionRef,
    confirm?: number,
    alongside?: string,
  ): Promise<{ main: StoredGenerations; alongside?: StoredGenerations }> {
    const rows: Array<{
      which: number;
      key: string;
      acknowledged: boolean;
      changeNumber: string;
      state: Uint8Array;
      answer: Uint8Array | null;
    }> = await this.dataSource.query(
      `SELECT 0 AS which, ${GENERATION_COLUMNS} FROM mailbox.sync_state_get($1, $2, $3, $4)
       UNION ALL
       SELECT 1, ${GENERATION_COLUMNS} FROM mailbox.sync_state_get($1, $2, $5, NULL)
       WHERE $5::text IS NOT NULL`,
      [...refParams(ref), confirm ?? null, alongside ?? null],
    );
    const empty = (): StoredGenerations => ({ acknowledged: null, pending: null });
    const found = [empty(), empty()];
    for (const row of rows) {
      const generation = {
        key: Number(row.key),
        state: { changeNumber: Number(row.changeNumber), data: toBuffer(row.state) },
      };
      const into = found[row.which];
      if (row.acknowledged) into.acknowledged = generation;
      else into.pending = { ...generation, answer: toBuffer(row.answer!) };
    }
    return alongside === undefined ? { main: found[0] } : { main: found[0], alongside: found[1] };
  }

  /**
   * Stores the pending generation: key 1 starts the collection afresh (the device sent SyncKey
   * 0 and holds nothing), the acknowledged key + 1 replaces any earlier pending one (the device
   * never confirmed it). A writer that lost a race to a confirm sees the new keys and is refused.
   * One statement (mailbox.sync_state_propose, 1765200000000-sync-state-functions.ts).
   */
  async propose(
    ref: CollectionRef,
    key: number,
    state: StoredState,
    answer: Buffer,
  ): Promise<SyncKeyReply> {
    return this.keyReply('SELECT * FROM mailbox.sync_state_propose($1, $2, $3, $4, $5, $6, $7)', [
      ...refParams(ref),
      key,
      state.changeNumber,
      state.data,
      answer,
    ]);
  }

  /**
   * The device sent the pending key: it becomes the acknowledged generation, the older one and
   * the ClientIds of requests before it go. Confirming the acknowledged key again is a no-op,
   * so a caller that crashed after confirming may repeat it. One statement, as propose.
   */
  async confirm(ref: CollectionRef, key: number): Promise<SyncKeyReply> {
    return this.keyReply('SELECT * FROM mailbox.sync_state_confirm($1, $2, $3, $4)', [
      ...refParams(ref),
      key,
    ]);
  }

  async clientIds(ref: CollectionRef, clientIds: string[]): Promise<ClientIdMapping[]> {
    return this.dataSource.query(
      `SELECT client_id AS "clientId", server_id AS "serverId" FROM mailbox.sync_client_id
       WHERE ${WHERE_COLLECTION} AND client_id = ANY($4::text[]) ORDER BY client_id`,
      [...refParams(ref), clientIds],
    );
  }

  /**
   * Remembers the item a client Add created, for a request built on the acknowledged key. The
   * first mapping of a ClientId wins and is returned, so a retried add learns the first item.
   */
  async recordClientId(
    ref: CollectionRef,
    key: number,
    clientId: string,
    serverId: string,
  ): Promise<SyncClientIdRecordReply> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.lock(manager, ref)))
        return invalidKey({ acknowledgedKey: null, pendingKey: null });
      const held = await this.heldKeys(manager, ref);
      if (held.acknowledgedKey !== key) return invalidKey(held);
      await manager.query(
        `INSERT INTO mailbox.sync_client_id
           (mailbox_id, device_id, collection_id, client_id, server_id, sync_key)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [...refParams(ref), clientId, serverId, key],
      );
      const [row] = await manager.query(
        `SELECT server_id AS "serverId" FROM mailbox.sync_client_id
         WHERE ${WHERE_COLLECTION} AND client_id = $4`,
        [...refParams(ref), clientId],
      );
      return { status: 'ok', serverId: row.serverId };
    });
  }

  /**
   * Of these collections, those whose folder journaled a change after the newest state the
   * device was given (the pending one, else the acknowledged one: MS-ASCMD 3.1.5.8 counts from
   * the last SyncKey returned), made by anyone but this device; in the order given. A collection
   * without state is not behind: the device holds nothing of it to refresh.
   *
   * The device's own changes must not count. A Sync that reads the journal stores a new state
   * whenever the change number moved, even with nothing to send (the device's own changes,
   * changes outside its filter window), but one with GetChanges 0 stores none: counting the
   * device's read-flag change would then answer its every Ping at once until it asks for changes.
   *
   * Per collection: at most two state rows by primary key, never their state or answer bytes,
   * and the journal by its primary key (folder_id, change_number) from that number on, up to
   * the first change by someone else: the cost follows the changes, not the folder's size.
   */
  async behind(mailboxId: string, deviceId: string, collectionIds: string[]): Promise<string[]> {
    const folderIds = collectionIds.filter(isFolderId);
    if (folderIds.length === 0) return [];
    const rows: Array<{ collectionId: string }> = await this.dataSource.query(
      `SELECT c.id AS "collectionId"
       FROM unnest($3::text[]) WITH ORDINALITY AS c(id, n)
       JOIN LATERAL (
         SELECT change_number FROM mailbox.sync_state
         WHERE mailbox_id = $1 AND device_id = $2 AND collection_id = c.id
         ORDER BY acknowledged LIMIT 1) AS newest ON true
       WHERE EXISTS (
         SELECT 1 FROM mailbox.journal j
         WHERE j.folder_id = c.id::uuid AND j.change_number > newest.change_number
           AND j.mailbox_id = $1 AND j.origin IS DISTINCT FROM $2)
       ORDER BY c.n`,
      [mailboxId, deviceId, folderIds],
    );
    return rows.map((row) => row.collectionId);
  }

  /** Removes one collection's state, or with no collection id every state of the device. */
  async reset(mailboxId: string, deviceId: string, collectionId?: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM mailbox.sync_collection WHERE mailbox_id = $1 AND device_id = $2
         AND ($3::text IS NULL OR collection_id = $3) RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [mailboxId, deviceId, collectionId ?? null],
    );
    return count;
  }

  /** Locks the collection's head row until commit; false when the collection has no state. */
  private async lock(manager: EntityManager, ref: CollectionRef): Promise<boolean> {
    const [{ locked }] = await manager.query(
      'SELECT mailbox.sync_collection_locked($1, $2, $3) AS locked',
      refParams(ref),
    );
    return locked;
  }

  /** The keys held, without reading the state and answer bytes. */
  private async heldKeys(manager: EntityManager, ref: CollectionRef): Promise<HeldKeys> {
    const [row] = await manager.query(
      'SELECT * FROM mailbox.sync_state_keys($1, $2, $3)',
      refParams(ref),
    );
    return keysOf(row);
  }

  private async keyReply(sql: string, params: unknown[]): Promise<SyncKeyReply> {
    const [row] = await this.dataSource.query(sql, params);
    return row.status === 'ok' ? { status: 'ok' } : invalidKey(keysOf(row));
  }
}
