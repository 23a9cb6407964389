import { randomBytes } from 'node:crypto';
import { SYNC_STATE_LIMITS } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { createMailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { FOLDER_HIERARCHY, type SyncStateService } from './sync-state.service';

const PAT = 'pat@contoso.com';
const LEE = 'lee@contoso.com';
const DEVICE = 'ApplF4KX1234';
const INBOX = 'inbox-1';
const b64 = (bytes: Buffer) => bytes.toString('base64');
/** A proposal whose answer holds every byte value, so any re-encoding would show. */
const proposal = (key: number, answer = randomBytes(4096), changeNumber = key * 10) => ({
  key,
  state: { changeNumber, data: b64(Buffer.from(`items held at ${key}`)) },
  answer: b64(answer),
});

describe.each(DATABASE_BACKENDS)('EAS sync state on %s', (_name, open) => {
  let db: OpenedDatabase;
  let sync: SyncStateService;
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof BusError ? error.code : String(error)),
    );
  const count = async (table: string) =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM mailbox.${table}`))[0].n;
  /** Primes a collection and confirms keys 1..upTo, as a device syncing along would. */
  const syncTo = async (upTo: number, collectionId = INBOX, mailbox = PAT) => {
    for (let key = 1; key <= upTo; key++) {
      await sync.propose(mailbox, DEVICE, collectionId, proposal(key));
      await sync.confirm(mailbox, DEVICE, collectionId, key);
    }
  };

  beforeEach(async () => {
    db = await open(mailboxStorage);
    const services = createMailboxServices(db.dataSource, { folderChanged: async () => undefined });
    await services.mailboxes.ensure(PAT);
    await services.mailboxes.ensure(LEE);
    sync = services.syncState;
  });
  afterEach(() => db.close());

  it('primes from SyncKey 0: key 1 is pending with its answer until the device confirms it', async () => {
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual({ acknowledged: null, pending: null });
    const first = proposal(1);
    expect(await sync.propose(PAT, DEVICE, INBOX, first)).toEqual({ status: 'ok' });
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual({ acknowledged: null, pending: first });
    expect(await sync.confirm(PAT, DEVICE, INBOX, 1)).toEqual({ status: 'ok' });
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual({
      acknowledged: { key: 1, state: first.state },
      pending: null,
    });
  });

  it('gives back the exact answer bytes for a repeated key; N+1 confirms and drops N', async () => {
    await syncTo(1);
    const answer = randomBytes(256 * 1024);
    await sync.propose(PAT, DEVICE, INBOX, proposal(2, answer));
    // The device lost the answer and sends key 1 again: CAS finds key 2 pending and resends.
    const repeated = await sync.get(PAT, DEVICE, INBOX);
    expect(repeated.acknowledged?.key).toBe(1);
    expect(repeated.pending?.key).toBe(2);
    expect(Buffer.from(repeated.pending!.answer, 'base64').equals(answer)).toBe(true);
    expect(await sync.confirm(PAT, DEVICE, INBOX, 2)).toEqual({ status: 'ok' });
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual({
      acknowledged: { key: 2, state: proposal(2).state },
      pending: null,
    });
    expect(await count('sync_state')).toBe(1);
    // A caller that crashed after confirming may confirm again.
    expect(await sync.confirm(PAT, DEVICE, INBOX, 2)).toEqual({ status: 'ok' });
  });

  it('confirms the key a read names when it is the pending one, and only then', async () => {
    await syncTo(1);
    await sync.propose(PAT, DEVICE, INBOX, proposal(2));
    // The acknowledged key (a lost answer) and an unknown key confirm nothing.
    const held = await sync.get(PAT, DEVICE, INBOX);
    expect(await sync.get(PAT, DEVICE, INBOX, 1)).toEqual(held);
    expect(await sync.get(PAT, DEVICE, INBOX, 9)).toEqual(held);
    // The pending key: read back as acknowledged, its answer gone, the older generation too.
    expect(await sync.get(PAT, DEVICE, INBOX, 2)).toEqual({
      acknowledged: { key: 2, state: proposal(2).state },
      pending: null,
    });
    expect(await count('sync_state')).toBe(1);
    expect(await sync.get(PAT, DEVICE, INBOX, 2)).toEqual(await sync.get(PAT, DEVICE, INBOX));
  });

  it('reads another collection of the device alongside, without confirming anything of it', async () => {
    await syncTo(1, '#Sync');
    await sync.propose(PAT, DEVICE, '#Sync', proposal(2));
    const remembered = await sync.get(PAT, DEVICE, '#Sync');
    await syncTo(1);
    await sync.propose(PAT, DEVICE, INBOX, proposal(2));

    expect(await sync.get(PAT, DEVICE, INBOX, 2, '#Sync')).toEqual({
      acknowledged: { key: 2, state: proposal(2).state },
      pending: null,
      alongside: remembered,
    });
    expect(await sync.get(PAT, DEVICE, '#Sync')).toEqual(remembered);
    expect(await sync.get(PAT, DEVICE, INBOX, undefined, 'never-synced')).toEqual({
      ...(await sync.get(PAT, DEVICE, INBOX)),
      alongside: { acknowledged: null, pending: null },
    });
    // Another device's collection of the same name is not this device's.
    expect((await sync.get(PAT, 'other-device', INBOX, undefined, '#Sync')).alongside).toEqual({
      acknowledged: null,
      pending: null,
    });
  });

  it('answers a stale or unknown key with invalid-key, changing nothing', async () => {
    await syncTo(2);
    await sync.propose(PAT, DEVICE, INBOX, proposal(3));
    const before = await sync.get(PAT, DEVICE, INBOX);
    const invalid = { status: 'invalid-key', acknowledgedKey: 2, pendingKey: 3 };
    expect(await sync.confirm(PAT, DEVICE, INBOX, 1)).toEqual(invalid);
    expect(await sync.confirm(PAT, DEVICE, INBOX, 7)).toEqual(invalid);
    expect(await sync.propose(PAT, DEVICE, INBOX, proposal(2))).toEqual(invalid);
    expect(await sync.propose(PAT, DEVICE, INBOX, proposal(4))).toEqual(invalid);
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual(before);
    const none = { status: 'invalid-key', acknowledgedKey: null, pendingKey: null };
    expect(await sync.confirm(PAT, DEVICE, 'never-synced', 1)).toEqual(none);
    expect(await sync.propose(PAT, DEVICE, 'never-synced', proposal(2))).toEqual(none);
    expect(await count('sync_collection')).toBe(1);
  });

  it('replaces a pending generation for the same key; one that lost to a confirm is refused', async () => {
    await syncTo(1);
    await sync.propose(PAT, DEVICE, INBOX, proposal(2, Buffer.from('first')));
    await sync.propose(PAT, DEVICE, INBOX, proposal(2, Buffer.from('second')));
    expect((await sync.get(PAT, DEVICE, INBOX)).pending?.answer).toBe(b64(Buffer.from('second')));
    // Racing proposals for one key are serialized: exactly one pending generation survives.
    const racing = ['a', 'b', 'c', 'd'].map((text) => proposal(2, Buffer.from(text)));
    const replies = await Promise.all(racing.map((p) => sync.propose(PAT, DEVICE, INBOX, p)));
    expect(replies.every((reply) => reply.status === 'ok')).toBe(true);
    const { pending } = await sync.get(PAT, DEVICE, INBOX);
    expect(racing.map((p) => p.answer)).toContain(pending?.answer);
    expect(await count('sync_state')).toBe(2);
    await sync.confirm(PAT, DEVICE, INBOX, 2);
    expect(await sync.propose(PAT, DEVICE, INBOX, proposal(2))).toMatchObject({
      status: 'invalid-key',
      acknowledgedKey: 2,
    });
  });

  it('starts a collection afresh with key 1, dropping its generations and ClientIds', async () => {
    await syncTo(3);
    await sync.propose(PAT, DEVICE, INBOX, proposal(4));
    await sync.recordClientId(PAT, DEVICE, INBOX, { key: 3, clientId: 'c1', serverId: 's1' });
    await sync.propose(PAT, DEVICE, INBOX, proposal(1));
    expect(await sync.get(PAT, DEVICE, INBOX)).toMatchObject({
      acknowledged: null,
      pending: { key: 1 },
    });
    expect(await sync.clientIds(PAT, DEVICE, INBOX, ['c1'])).toEqual([]);
  });

  it('maps ClientIds idempotently for the acknowledged key and prunes them once confirmed past', async () => {
    await syncTo(1);
    const record = (clientId: string, serverId: string, key = 1) =>
      sync.recordClientId(PAT, DEVICE, INBOX, { key, clientId, serverId });
    expect(await record('c1', 'item-1')).toEqual({ status: 'ok', serverId: 'item-1' });
    expect(await record('c1', 'item-1')).toEqual({ status: 'ok', serverId: 'item-1' });
    // A retried add that made a second item still learns the first one.
    expect(await record('c1', 'item-9')).toEqual({ status: 'ok', serverId: 'item-1' });
    const racing = await Promise.all([record('c2', 'item-2'), record('c2', 'item-3')]);
    expect(new Set(racing.map((reply) => reply.status === 'ok' && reply.serverId)).size).toBe(1);
    expect(await record('c3', 'item-4', 2)).toMatchObject({ status: 'invalid-key' });
    expect(await sync.clientIds(PAT, DEVICE, INBOX, ['c1', 'c3', 'c2'])).toEqual([
      { clientId: 'c1', serverId: 'item-1' },
      { clientId: 'c2', serverId: racing[0].status === 'ok' ? racing[0].serverId : '' },
    ]);
    expect(await sync.clientIds(PAT, DEVICE, 'other', ['c1'])).toEqual([]);
    // The answer to key 1's request carried the ServerIds; once key 2 is confirmed they go.
    await sync.propose(PAT, DEVICE, INBOX, proposal(2));
    expect(await sync.clientIds(PAT, DEVICE, INBOX, ['c1'])).toHaveLength(1);
    await sync.confirm(PAT, DEVICE, INBOX, 2);
    expect(await sync.clientIds(PAT, DEVICE, INBOX, ['c1', 'c2'])).toEqual([]);
  });

  it('keeps the folder hierarchy apart; resets one collection or the whole device', async () => {
    await syncTo(2, INBOX);
    await syncTo(1, 'calendar-1');
    await syncTo(3, FOLDER_HIERARCHY);
    expect((await sync.get(PAT, DEVICE, FOLDER_HIERARCHY)).acknowledged?.key).toBe(3);
    expect(await sync.reset(PAT, DEVICE, INBOX)).toEqual({ collections: 1 });
    expect(await sync.get(PAT, DEVICE, INBOX)).toEqual({ acknowledged: null, pending: null });
    expect((await sync.get(PAT, DEVICE, 'calendar-1')).acknowledged?.key).toBe(1);
    expect((await sync.get(PAT, DEVICE, FOLDER_HIERARCHY)).acknowledged?.key).toBe(3);
    expect(await sync.reset(PAT, DEVICE)).toEqual({ collections: 2 });
    expect(await count('sync_collection')).toBe(0);
  });

  it("never reaches another mailbox's states; an unknown mailbox's collection is not found", async () => {
    await syncTo(2);
    expect(await sync.get(LEE, DEVICE, INBOX)).toEqual({ acknowledged: null, pending: null });
    expect(await sync.confirm(LEE, DEVICE, INBOX, 2)).toMatchObject({ status: 'invalid-key' });
    expect(await sync.clientIds(LEE, DEVICE, INBOX, ['c1'])).toEqual([]);
    expect(await sync.reset(LEE, DEVICE)).toEqual({ collections: 0 });
    expect((await sync.get(PAT, DEVICE, INBOX)).acknowledged?.key).toBe(2);
    expect(await code(sync.get('nobody@contoso.com', DEVICE, INBOX))).toBe('not-found');
    expect(await code(sync.propose('nobody@contoso.com', DEVICE, INBOX, proposal(1)))).toBe(
      'not-found',
    );
    // A new device's FolderSync or reset may come before anything made the mailbox.
    expect(await sync.reset('new@contoso.com', DEVICE)).toEqual({ collections: 0 });
    expect(await sync.get('new@contoso.com', DEVICE, FOLDER_HIERARCHY)).toEqual({
      acknowledged: null,
      pending: null,
    });
  });

  it('refuses an answer or state over its bound, storing nothing', async () => {
    const answer = Buffer.alloc(SYNC_STATE_LIMITS.maxAnswerBytes + 1);
    const error = await sync.propose(PAT, DEVICE, INBOX, proposal(1, answer)).catch((e) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^answer/) });
    const big = {
      ...proposal(1),
      state: { changeNumber: 1, data: b64(Buffer.alloc(SYNC_STATE_LIMITS.maxStateBytes + 1)) },
    };
    expect(await code(sync.propose(PAT, DEVICE, INBOX, big))).toBe('bad-request');
    expect(await count('sync_collection')).toBe(0);
    // The largest answer allowed is stored and given back whole.
    const largest = randomBytes(SYNC_STATE_LIMITS.maxAnswerBytes);
    await sync.propose(PAT, DEVICE, INBOX, proposal(1, largest));
    const { pending } = await sync.get(PAT, DEVICE, INBOX);
    expect(Buffer.from(pending!.answer, 'base64').equals(largest)).toBe(true);
  });
});
