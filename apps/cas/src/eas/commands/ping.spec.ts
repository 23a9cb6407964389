import { BusError } from '@mail/runtime';
import { encode, fromXml, toXml, decode, type WbxmlElement } from '@mail/wbxml';
import { EasProtocolError, type EasContext } from '../command';
import { PingParameterStore } from '../push/ping-parameters';
import { PushWatch, holderOf } from '../push/push-watch';
import { ping, type PingRequest } from './ping';

const PAT = 'pat@contoso.com';
const INBOX = 'inbox-id';
const SENT = 'sent-id';

const tree = (xml: string): WbxmlElement => decode(encode(fromXml(xml)));
const request = (heartbeat: string | null, ids: string[] | null, cls = 'Email') =>
  tree(
    '<Ping xmlns="Ping:">' +
      (heartbeat === null ? '' : `<HeartbeatInterval>${heartbeat}</HeartbeatInterval>`) +
      (ids === null
        ? ''
        : `<Folders>${ids.map((id) => `<Folder><Id>${id}</Id><Class>${cls}</Class></Folder>`).join('')}</Folders>`) +
      '</Ping>',
  );

interface Options {
  hierarchyChangeNumber?: number;
  seen?: number;
  /** The folders the mailbox finds the device behind on, in the mailbox's order. */
  behind?: string[];
  /** Runs while the mailbox answers the behind question; may throw as the bus would. */
  whileAsked?: () => void;
  /** Records the folders each behind question named. */
  asked?: string[][];
}

function context(options: Options = {}) {
  const services = {
    config: { heartbeatMinSeconds: 60, heartbeatMaxSeconds: 3540, pingMaxFolders: 2 },
    pingParameters: new PingParameterStore(),
    pushWatch: new PushWatch(),
    hierarchy: {
      folders: async () => ({
        folders: [{ id: INBOX }, { id: SENT }],
        hierarchyChangeNumber: options.hierarchyChangeNumber ?? 4,
      }),
      generations: async () => ({
        generations: { acknowledged: null, pending: null },
        verifiedChangeNumber: options.seen ?? 4,
      }),
    },
  };
  const bus = {
    request: async (_subject: unknown, payload: { collectionIds: string[] }) => {
      options.asked?.push(payload.collectionIds);
      options.whileAsked?.();
      return {
        collectionIds: (options.behind ?? []).filter((id) => payload.collectionIds.includes(id)),
      };
    },
  };
  return {
    user: { userPrincipalName: PAT },
    device: { id: 'PHONE1' },
    services,
    bus,
    log: { warn: () => undefined },
    whenGone: () => () => undefined,
  } as unknown as EasContext & { services: typeof services };
}

const parse = (body: WbxmlElement | null) => ping.parse(body, context());
const run = async (body: WbxmlElement | null, ctx = context()) =>
  toXml(ping.write(await ping.handle(ping.parse(body, ctx), ctx), ctx) as WbxmlElement);

describe('Ping', () => {
  it('reads HeartbeatInterval and Folders, either alone, or nothing from an empty body', () => {
    expect(parse(request('480', [INBOX, SENT, INBOX]))).toEqual<PingRequest>({
      heartbeatInterval: 480,
      folders: [
        { id: INBOX, class: 'Email' },
        { id: SENT, class: 'Email' },
      ],
    });
    expect(parse(request('480', null))).toEqual({ heartbeatInterval: 480 });
    expect(parse(request(null, [INBOX]))).toEqual({ folders: [{ id: INBOX, class: 'Email' }] });
    expect(parse(null)).toEqual({});
  });

  it.each([
    ['neither element', request(null, null)],
    ['a HeartbeatInterval that is not a number', request('soon', [INBOX])],
    ['an unknown Class', request('480', [INBOX], 'Mail')],
    ['an empty Folders', tree('<Ping xmlns="Ping:"><Folders/></Ping>')],
    [
      'a Folder without Id',
      tree('<Ping xmlns="Ping:"><Folders><Folder><Class>Email</Class></Folder></Folders></Ping>'),
    ],
    ['another root', tree('<Sync xmlns="AirSync:"/>')],
  ])('refuses %s as a protocol error (Status 4)', (_what, body) => {
    expect(() => parse(body)).toThrow(EasProtocolError);
    expect(ping.protocolErrorStatus).toBe(4);
  });

  it('answers 5 with the bound, 6 with MaxFolders, 3 when nothing is remembered', async () => {
    expect(await run(request('59', [INBOX]))).toMatch(
      /<Status>5<\/Status>\s*<HeartbeatInterval>60<\/HeartbeatInterval>/,
    );
    expect(await run(request('3541', [INBOX]))).toMatch(/<HeartbeatInterval>3540</);
    expect(await run(request('600', [INBOX, SENT, 'third']))).toMatch(
      /<Status>6<\/Status>\s*<MaxFolders>2<\/MaxFolders>/,
    );
    expect(await run(null)).toMatch(/<Status>3<\/Status>/);
    expect(await run(request('600', null))).toMatch(/<Status>3<\/Status>/);
  });

  it('answers 7 for an unknown folder or a hierarchy the device has not synced', async () => {
    expect(await run(request('600', ['gone']))).toMatch(/<Status>7</);
    expect(await run(request('600', [INBOX]), context({ seen: 3 }))).toMatch(/<Status>7</);
  });

  it('answers 2 at once with the folders the device missed since its last Sync, in its order', async () => {
    const ctx = context({ behind: [INBOX, SENT] });
    expect(await run(request('600', [SENT, INBOX]), ctx)).toMatch(
      /<Status>2<\/Status>\s*<Folders>\s*<Folder>sent-id<\/Folder>\s*<Folder>inbox-id<\/Folder>/,
    );
    expect(ctx.services.pushWatch.held).toBe(0);
    // A hierarchy to sync first comes before the folders' changes.
    expect(await run(request('600', [INBOX]), context({ seen: 3, behind: [INBOX] }))).toMatch(
      /<Status>7</,
    );
  });

  it('asks the mailbox only about folders not quiet since a Sync of the device gave it them all', async () => {
    const asked: string[][] = [];
    const ctx = context({ behind: [INBOX, SENT], asked });
    const { pushWatch } = ctx.services;
    const phone = holderOf(PAT, 'PHONE1');
    pushWatch.quiet.begin(PAT, phone, INBOX)();
    expect(await run(request('600', [INBOX, SENT]), ctx)).toMatch(
      /<Status>2<\/Status>\s*<Folders>\s*<Folder>sent-id<\/Folder>\s*<\/Folders>/,
    );
    expect(asked).toEqual([[SENT]]);

    // Both quiet: nothing to ask, the Ping waits for the next change.
    pushWatch.quiet.begin(PAT, phone, SENT)();
    const held = run(request('600', [INBOX, SENT]), ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushWatch.held).toBe(1);
    expect(asked).toEqual([[SENT]]);
    pushWatch.folderChanged({ mailbox: PAT, folderIds: [INBOX] });
    expect(await held).toMatch(/<Folder>inbox-id<\/Folder>/);

    // That change unsettled INBOX; a mark never settled, or changed before it settled, or
    // another device's, is asked about.
    asked.length = 0;
    pushWatch.quiet.begin(PAT, phone, SENT);
    expect(await run(request('600', [INBOX, SENT]), ctx)).toMatch(/<Status>2</);
    const settle = pushWatch.quiet.begin(PAT, phone, INBOX);
    pushWatch.folderChanged({ mailbox: PAT, folderIds: [INBOX] });
    settle();
    pushWatch.quiet.begin(PAT, holderOf(PAT, 'TABLET1'), SENT)();
    expect(await run(request('600', [INBOX, SENT]), ctx)).toMatch(/<Status>2</);
    expect(asked).toEqual([
      [INBOX, SENT],
      [INBOX, SENT],
    ]);
  });

  it('watches before it asks: a change committed while the mailbox answers ends the Ping', async () => {
    const ctx: ReturnType<typeof context> = context({
      whileAsked: () => ctx.services.pushWatch.folderChanged({ mailbox: PAT, folderIds: [INBOX] }),
    });
    const answer = run(request('600', [INBOX, SENT]), ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ctx.services.pushWatch.held).toBe(0);
    expect(await answer).toMatch(/<Status>2<\/Status>\s*<Folders>\s*<Folder>inbox-id</);
  });

  it('waits as before when the mailbox cannot answer for now, and fails on any other error', async () => {
    const unavailable = context({
      whileAsked: () => {
        throw new BusError('unavailable', 'no mailbox role');
      },
    });
    const held = run(request('600', [INBOX]), unavailable);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unavailable.services.pushWatch.held).toBe(1);
    unavailable.services.pushWatch.folderChanged({ mailbox: PAT, folderIds: [INBOX] });
    expect(await held).toMatch(/<Status>2</);

    const broken = context({
      whileAsked: () => {
        throw new BusError('internal', 'bug');
      },
    });
    await expect(run(request('600', [INBOX]), broken)).rejects.toThrow('bug');
    expect(broken.services.pushWatch.held).toBe(0);
  });

  it('holds until a watched folder changes, then answers 2 with it; an empty Ping reuses the last', async () => {
    const ctx = context();
    const first = run(request('600', [INBOX, SENT]), ctx);
    await new Promise((resolve) => setImmediate(resolve));
    ctx.services.pushWatch.folderChanged({ mailbox: PAT, folderIds: [SENT] });
    expect(await first).toMatch(
      /<Status>2<\/Status>\s*<Folders>\s*<Folder>sent-id<\/Folder>\s*<\/Folders>/,
    );

    const again = run(null, ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ctx.services.pushWatch.held).toBe(1);
    ctx.services.pushWatch.hierarchyChanged({ mailbox: PAT });
    expect(await again).toMatch(/<Status>7</);
  });

  it('answers 1 to the older of two Pings from the device', async () => {
    const ctx = context();
    const older = run(request('600', [INBOX]), ctx);
    await new Promise((resolve) => setImmediate(resolve));
    const newer = run(request('600', [INBOX]), ctx);
    expect(await older).toMatch(/<Status>1</);
    await new Promise((resolve) => setImmediate(resolve));
    ctx.services.pushWatch.folderChanged({ mailbox: PAT, folderIds: [INBOX] });
    expect(await newer).toMatch(/<Status>2</);
  });
});
