import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { DeliveryService } from '../delivery/delivery.service';
import type { ItemsService } from '../items/items.service';
import { createMailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { checkQuota } from './persistence/quota';
import { SearchController } from './search.controller';

const PAT = 'pat@contoso.com';
const MIME = 'Subject: sized\r\n\r\n' + 'x'.repeat(982); // 1,000 bytes

describe.each(DATABASE_BACKENDS)('mailbox quota on %s', (_name, open) => {
  let db: OpenedDatabase;
  let delivery: DeliveryService;
  let items: ItemsService;
  let controller: SearchController;
  const deliver = (queueId: string) =>
    delivery.deliver({ queueId, recipient: PAT, mime: Buffer.from(MIME).toString('base64') });
  const call = <T>(handler: (payload: unknown) => Promise<T>, payload: object) =>
    Promise.resolve(payload).then(handler.bind(controller));

  beforeEach(async () => {
    db = await open(mailboxStorage);
    const notifier = { folderChanged: async () => undefined };
    const services = createMailboxServices(db.dataSource, notifier, { maxMessageBytes: 1 << 20 });
    ({ delivery, items } = services);
    controller = new SearchController(services.search);
  });
  afterEach(() => db.close());

  it('counts items and bytes as they come and go, against a quota that can be set and lifted', async () => {
    const first = await deliver('q-1');
    await deliver('q-2');
    await deliver('q-3');
    await items.delete(PAT, first.itemId);
    expect(await call(controller.quota, { mailbox: PAT })).toEqual({
      itemCount: 2,
      totalSize: 2000,
      quota: null,
      percentUsed: null,
    });
    expect(await call(controller.setQuota, { mailbox: PAT, quotaBytes: 3000 })).toEqual({
      itemCount: 2,
      totalSize: 2000,
      quota: 3000,
      percentUsed: 66.67,
    });
    expect((await call(controller.quota, { mailbox: PAT })).quota).toBe(3000);
    expect(await call(controller.setQuota, { mailbox: PAT, quotaBytes: null })).toMatchObject({
      quota: null,
      percentUsed: null,
    });
  });

  it('refuses to store past the quota, inside the storing transaction', async () => {
    await deliver('q-1');
    await call(controller.setQuota, { mailbox: PAT, quotaBytes: 1500 });
    const [{ id }] = await db.dataSource.query('SELECT id FROM mailbox.mailbox');
    const check = (bytes: number) =>
      db.dataSource.transaction((manager) => checkQuota(manager, id, bytes));
    await expect(check(500)).resolves.toBeUndefined();
    await expect(check(501)).rejects.toMatchObject({
      code: 'forbidden',
      temporary: false,
      message: expect.stringMatching(/mailbox full/),
    });
    await expect(
      db.dataSource.transaction((manager) =>
        checkQuota(manager, '00000000-0000-4000-8000-000000000000', 1),
      ),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses a delivery past the quota, storing nothing and leaving the delivery retryable', async () => {
    await deliver('q-1');
    await call(controller.setQuota, { mailbox: PAT, quotaBytes: 1500 });
    await expect(deliver('q-2')).rejects.toMatchObject({ code: 'forbidden', temporary: false });
    const [{ items, deliveries }] = await db.dataSource.query(
      'SELECT (SELECT count(*)::int FROM mailbox.item) AS items, (SELECT count(*)::int FROM mailbox.delivery) AS deliveries',
    );
    expect({ items, deliveries }).toEqual({ items: 1, deliveries: 1 });
    await call(controller.setQuota, { mailbox: PAT, quotaBytes: null });
    await expect(deliver('q-2')).resolves.toMatchObject({ duplicate: false });
  });

  it('stores what fits when deliveries committed together would pass the quota', async () => {
    await deliver('q-0');
    await call(controller.setQuota, { mailbox: PAT, quotaBytes: 5000 });
    // Ten at once: they are gathered into batches, and a batch past the quota is redone one by one.
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        deliver(`q-${i + 1}`).then(
          () => 'stored',
          (error) => error.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'forbidden')).toHaveLength(6);
    expect(await call(controller.quota, { mailbox: PAT })).toMatchObject({
      itemCount: 5,
      totalSize: 5000,
    });
  });

  it('refuses bad input naming the field, and an unknown mailbox as not found', async () => {
    await deliver('q-1');
    for (const quotaBytes of [0, -1, 1.5, '1000', undefined])
      await expect(call(controller.setQuota, { mailbox: PAT, quotaBytes })).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringMatching(/^quotaBytes:/),
      });
    await expect(call(controller.quota, { mailbox: 'not an address' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/^mailbox:/),
    });
    await expect(call(controller.quota, { mailbox: 'nobody@contoso.com' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
