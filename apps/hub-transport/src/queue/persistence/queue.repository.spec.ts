import { randomUUID } from 'node:crypto';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { transportStorage } from '../../persistence/storage';
import type { NewMessage } from '../queued-message';
import { DeliveryRepository } from './delivery.repository';
import { QueueAdminRepository } from './queue-admin.repository';
import { QueueRepository } from './queue.repository';
import { UNSYNCHRONIZED } from './sql';
import { WorkInHand } from '../work-in-hand';

const message = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  id: randomUUID(),
  receivedAt: new Date(),
  sender: 'lee@fabrikam.com',
  recipients: ['pat@contoso.com', 'sales@contoso.com'],
  source: 'smtp',
  connector: 'Default',
  clientAddress: '192.0.2.7',
  clientName: 'mx.fabrikam.com',
  protocol: 'ESMTP',
  authUser: null,
  hops: 1,
  hasMessageId: true,
  hasDate: true,
  mime: Buffer.from('Subject: hi\r\n\r\nbody\xff', 'latin1'),
  ...overrides,
});

describe.each(DATABASE_BACKENDS)('the queue on %s', (_name, open) => {
  let db: OpenedDatabase;
  let queue: QueueRepository;
  let deliveries: DeliveryRepository;
  let admin: QueueAdminRepository;
  beforeEach(async () => {
    db = await open(transportStorage);
    queue = new QueueRepository(db.dataSource);
    deliveries = new DeliveryRepository(db.dataSource);
    admin = new QueueAdminRepository(db.dataSource);
  });
  afterEach(() => db.close());

  it('takes each message to one categorizer, and a lapsed lease back', async () => {
    const messages = Array.from({ length: 5 }, () => message());
    await queue.insertMessages(messages);
    const other = new QueueRepository(await db.another());
    const [a, b] = await Promise.all([
      queue.claimToCategorize('a', 3, 60_000),
      other.claimToCategorize('b', 3, 60_000),
    ]);
    expect(a.length + b.length).toBe(5);
    expect(new Set([...a, ...b].map((m) => m.id)).size).toBe(5);
    expect(a[0]).toMatchObject({ sender: 'lee@fabrikam.com', hops: 1, attempts: 0 });
    expect(await queue.claimToCategorize('c', 10, 60_000)).toEqual([]);
    // A killed worker's lease lapses; another takes the message then.
    await db.dataSource.query("UPDATE transport.message SET lease_until = now() - interval '1 s'");
    expect(await queue.claimToCategorize('c', 10, 60_000)).toHaveLength(5);
  });

  it('writes messages leased to the instance that accepted them: no other claims them until it lapses', async () => {
    const leased = message();
    const free = message();
    await queue.insertMessages([leased], undefined, { owner: 'a', leaseMs: 60_000 });
    await queue.insertMessages([free]);
    expect((await queue.claimToCategorize('b', 10, 60_000)).map((m) => m.id)).toEqual([free.id]);
    const [row] = await db.dataSource.query(
      'SELECT lease_owner, lease_until > now() AS held FROM transport.message WHERE id = $1',
      [leased.id],
    );
    expect(row).toEqual({ lease_owner: 'a', held: true });
    // The accepting instance died: its lease lapses, and another takes the message.
    await db.dataSource.query(
      "UPDATE transport.message SET lease_until = now() - interval '1 s' WHERE id = $1",
      [leased.id],
    );
    expect((await queue.claimToCategorize('b', 10, 60_000)).map((m) => m.id)).toEqual([leased.id]);
  });

  it("removes a message delivered from memory only while its lease is still the remover's", async () => {
    const [mine, lapsed] = [message(), message()];
    await queue.insertMessages([mine, lapsed], undefined, { owner: 'a', leaseMs: 60_000 });
    // The lease of one lapsed and another instance took the message over.
    await db.dataSource.query(
      "UPDATE transport.message SET lease_until = now() - interval '1 s' WHERE id = $1",
      [lapsed.id],
    );
    expect(await queue.claimToCategorize('b', 10, 60_000)).toHaveLength(1);
    await queue.removeDelivered('a', [mine.id, lapsed.id]);
    const left = await db.dataSource.query('SELECT id, lease_owner FROM transport.message');
    expect(left).toEqual([{ id: lapsed.id, lease_owner: 'b' }]);
  });

  it('claims without waiting for the disk, and leaves the connection durable for what follows', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const [{ during }] = await runner.query(
        `SELECT current_setting('synchronous_commit') AS during FROM ${UNSYNCHRONIZED}`,
      );
      const [{ synchronous_commit: after }] = await runner.query('SHOW synchronous_commit');
      expect([during, after]).toEqual(['off', 'on']);
    } finally {
      await runner.release();
    }
  });

  it('renews only the work in hand, so a failed pass lets its messages and deliveries go', async () => {
    const [kept, failed] = [message(), message()];
    await queue.insertMessages([kept, failed]);
    await queue.claimToCategorize('w', 10, 60_000);
    const leaseOf = async (id: string) =>
      Number(
        (
          await db.dataSource.query(
            `SELECT extract(epoch FROM lease_until - now()) * 1000 AS ms
               FROM transport.message WHERE id = $1`,
            [id],
          )
        )[0].ms,
      );
    // The pass that held `failed` died (its statement failed): only `kept` is still in hand.
    await db.dataSource.query("UPDATE transport.message SET lease_until = now() + interval '1 s'");
    const inHand = new WorkInHand();
    inHand.takeMessages([kept.id, failed.id]);
    inHand.dropMessages([failed.id]);
    await queue.renewLeases('w', 60_000, inHand.held());
    expect(await leaseOf(kept.id)).toBeGreaterThan(50_000);
    expect(await leaseOf(failed.id)).toBeLessThan(1_500);
    // Once lapsed, another worker takes it up; the renewing worker cannot keep it.
    await db.dataSource.query(
      "UPDATE transport.message SET lease_until = now() - interval '1 s' WHERE id = $1",
      [failed.id],
    );
    await queue.renewLeases('w', 60_000, inHand.held());
    expect((await queue.claimToCategorize('x', 10, 60_000)).map((m) => m.id)).toEqual([failed.id]);

    // The same for deliveries.
    await queue.completeCategorization(
      'w',
      [
        {
          id: kept.id,
          trace: '',
          deliveries: ['pat@contoso.com', 'lee@contoso.com'].map((recipient) => ({
            messageId: kept.id,
            recipient,
            original: recipient,
            route: 'mailbox' as const,
            mailbox: recipient,
          })),
        },
      ],
      [],
    );
    const { deliveries: claimed } = await deliveries.claim('w', 'mailbox', 10, 1_000);
    expect(claimed).toHaveLength(2);
    inHand.takeDeliveries(claimed);
    inHand.dropDeliveries([claimed[1]]);
    await queue.renewLeases('w', 60_000, inHand.held());
    const leases: Array<{ recipient: string; ms: string }> = await db.dataSource.query(
      `SELECT recipient, extract(epoch FROM lease_until - now()) * 1000 AS ms
         FROM transport.delivery ORDER BY recipient`,
    );
    const byRecipient = new Map(leases.map((l) => [l.recipient, Number(l.ms)]));
    expect(byRecipient.get(claimed[0].recipient)).toBeGreaterThan(50_000);
    expect(byRecipient.get(claimed[1].recipient)).toBeLessThan(1_500);
  });

  it('turns a categorized message into deliveries, delivers them once, and removes it when done', async () => {
    const m = message();
    await queue.insertMessages([m]);
    await queue.claimToCategorize('w', 10, 60_000, [m.id]);
    const written = await queue.completeCategorization(
      'w',
      [
        {
          id: m.id,
          trace: 'Received: by x\r\n',
          deliveries: [
            {
              messageId: m.id,
              recipient: 'pat@contoso.com',
              original: 'pat@contoso.com',
              route: 'mailbox',
              mailbox: 'pat@contoso.com',
            },
            {
              messageId: m.id,
              recipient: 'lee@contoso.com',
              original: 'sales@contoso.com',
              route: 'mailbox',
              mailbox: 'lee@contoso.com',
            },
            {
              messageId: m.id,
              recipient: 'ext@tailspin.example',
              original: 'sales@contoso.com',
              route: 'smtp',
              mailbox: null,
            },
          ],
        },
      ],
      [],
    );
    expect(written).toEqual([m.id]);
    // Someone else's categorization of the same message (its lease lapsed) writes nothing.
    expect(
      await queue.completeCategorization('late', [{ id: m.id, trace: '', deliveries: [] }], []),
    ).toEqual([]);

    // Two recipients' deliveries come with their message's content once.
    const { deliveries: local, messages } = await deliveries.claim('w', 'mailbox', 10, 60_000);
    expect(local.map((d) => d.recipient).sort()).toEqual(['lee@contoso.com', 'pat@contoso.com']);
    expect(local[0]).toEqual({
      messageId: m.id,
      recipient: local[0].recipient,
      original: local[0].recipient === 'pat@contoso.com' ? 'pat@contoso.com' : 'sales@contoso.com',
      route: 'mailbox',
      mailbox: local[0].recipient,
      state: 'ready',
      attempts: 0,
      nextAttemptAt: expect.any(Date),
      delayNotified: false,
      lastResponse: null,
    });
    expect(await deliveries.claim('v', 'mailbox', 10, 60_000)).toEqual({
      deliveries: [],
      messages: [],
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: m.id,
      trace: 'Received: by x\r\n',
      sender: 'lee@fabrikam.com',
      receivedAt: expect.any(Date),
    });
    expect(messages[0].mime.equals(m.mime)).toBe(true);

    const done = (recipient: string) => ({
      messageId: m.id,
      recipient,
      state: 'delivered' as const,
      attempts: 1,
      nextAttemptAt: null,
      delayNotified: false,
      lastResponse: '250 2.0.0 ok',
      remoteMta: null,
      connector: null,
    });
    await deliveries.applyResults(
      'w',
      local.map((d) => done(d.recipient)),
      [],
    );
    expect((await admin.show(m.id))!).toMatchObject({ state: 'ready', pending: 1 });

    const {
      deliveries: [remote],
    } = await deliveries.claim('w', 'smtp', 10, 60_000);
    const dsn = message({ sender: '', recipients: ['lee@fabrikam.com'], source: 'dsn' });
    await deliveries.applyResults(
      'w',
      [
        {
          ...done(remote.recipient),
          state: 'failed',
          lastResponse: '550 5.1.1 unknown',
          remoteMta: 'mx.tailspin.example',
        },
      ],
      [{ about: m.id, message: dsn }],
    );
    expect(await admin.show(m.id)).toBeNull();
    const listed = await admin.list({ offset: 0, limit: 10 });
    expect(listed).toMatchObject({
      total: 1,
      messages: [{ queueId: dsn.id, sender: '', source: 'dsn', state: 'new' }],
    });
  });

  it('retries, shows and removes messages for the administrator', async () => {
    const m = message();
    await queue.insertMessages([m]);
    await queue.claimToCategorize('w', 10, 60_000);
    await queue.completeCategorization(
      'w',
      [
        {
          id: m.id,
          trace: '',
          deliveries: [
            {
              messageId: m.id,
              recipient: 'x@tailspin.example',
              original: 'x@tailspin.example',
              route: 'smtp',
              mailbox: null,
            },
          ],
        },
      ],
      [],
    );
    const {
      deliveries: [claimed],
    } = await deliveries.claim('w', 'smtp', 10, 60_000);
    const later = new Date(Date.now() + 3_600_000);
    await deliveries.applyResults(
      'w',
      [
        {
          messageId: m.id,
          recipient: claimed.recipient,
          state: 'retry',
          attempts: 1,
          nextAttemptAt: later,
          delayNotified: false,
          lastResponse: '451 4.3.0 busy',
          remoteMta: null,
          connector: 'Internet',
        },
      ],
      [],
    );
    expect(await admin.show(m.id)).toMatchObject({
      state: 'retry',
      lastError: '451 4.3.0 busy',
      nextAttemptAt: later.toISOString(),
      envelopeRecipients: ['pat@contoso.com', 'sales@contoso.com'],
      deliveries: [{ recipient: 'x@tailspin.example', route: 'smtp', state: 'retry', attempts: 1 }],
    });
    expect((await admin.list({ state: 'retry', offset: 0, limit: 10 })).total).toBe(1);
    expect(await admin.counts()).toEqual({
      messages: { retry: 1 },
      deliveries: { 'smtp:retry': 1 },
    });
    expect((await deliveries.claim('w', 'smtp', 10, 60_000)).deliveries).toEqual([]);
    expect(await admin.retryNow(m.id)).toBe(1);
    expect((await deliveries.claim('w', 'smtp', 10, 60_000)).deliveries).toHaveLength(1);
    expect(await admin.remove(m.id)).toBe(true);
    expect(await admin.remove(m.id)).toBe(false);
    expect(await admin.retryNow(m.id)).toBeNull();
  });

  it('writes a submission once per client id', async () => {
    const first = message({ source: 'submit' });
    expect(await queue.insertSubmission(first, 'pat@contoso.com', 'c-1')).toEqual({
      queueId: first.id,
      recipients: first.recipients,
      duplicate: false,
    });
    const again = await queue.insertSubmission(
      message({ source: 'submit' }),
      'pat@contoso.com',
      'c-1',
    );
    expect(again).toEqual({ queueId: first.id, recipients: first.recipients, duplicate: true });
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM transport.message');
    expect(n).toBe(1);
  });
});

describe('lease renewal on PostgreSQL', () => {
  it('skips a row another transaction holds instead of waiting for it (no deadlock with the worker finishing it)', async () => {
    const [, open] = DATABASE_BACKENDS.find(([name]) => name === 'PostgreSQL')!;
    const db = await open(transportStorage);
    try {
      const queue = new QueueRepository(db.dataSource);
      const [busy, free] = [message(), message()];
      await queue.insertMessages([busy, free]);
      await queue.claimToCategorize('w', 10, 1_000);
      const inHand = new WorkInHand();
      inHand.takeMessages([busy.id, free.id]);
      const other = await db.another();
      const runner = other.createQueryRunner();
      await runner.startTransaction();
      try {
        await runner.query('SELECT 1 FROM transport.message WHERE id = $1 FOR UPDATE', [busy.id]);
        const renewed = queue.renewLeases('w', 60_000, inHand.held()).then(() => 'renewed');
        const late = new Promise((resolve) => setTimeout(() => resolve('waited'), 3_000));
        expect(await Promise.race([renewed, late])).toBe('renewed');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
        await other.destroy();
      }
      const [row] = await db.dataSource.query(
        `SELECT extract(epoch FROM lease_until - now()) * 1000 AS ms FROM transport.message
          WHERE id = $1`,
        [free.id],
      );
      expect(Number(row.ms)).toBeGreaterThan(50_000);
    } finally {
      await db.close();
    }
  });
});
