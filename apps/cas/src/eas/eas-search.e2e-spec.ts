/**
 * Searching the mailbox over real HTTPS, mail delivered over SMTP: Search (Mailbox store)
 * finds a mail by a word of its body with the body as the device asked for it; the folder and
 * the date range narrow it; Range pages with Total; DeepTraversal reaches a subfolder; Find
 * (16.1) finds it too; its conversation finds it without words; a malformed or too complex query gets its Store status; another user's
 * mail is never found.
 */
import nodemailer from 'nodemailer';
import { el } from '@mail/wbxml';
import {
  EasClient,
  findAll,
  startStack,
  textOf,
  type EasAnswer,
  type EasVersion,
  type Stack,
} from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const KIM = { user: 'kim@contoso.com', password: 'Kim-Password-1' };

const NS =
  'xmlns="Search:" xmlns:airsync="AirSync:" xmlns:email="Email:" xmlns:airsyncbase="AirSyncBase:"';
const search = (and: string, options = '') =>
  `<Search ${NS}><Store><Name>Mailbox</Name><Query><And>${and}</And></Query>` +
  `<Options>${options}</Options></Store></Search>`;
const freeText = (words: string) => `<FreeText>${words}</FreeText>`;
const collection = (id: string) => `<airsync:CollectionId>${id}</airsync:CollectionId>`;
const received = (op: 'GreaterThan' | 'LessThan', when: Date) =>
  `<${op}><email:DateReceived/><Value>${when.toISOString()}</Value></${op}>`;
const textBody =
  '<airsyncbase:BodyPreference><airsyncbase:Type>1</airsyncbase:Type>' +
  '<airsyncbase:TruncationSize>5000</airsyncbase:TruncationSize></airsyncbase:BodyPreference>';

const store = (answer: EasAnswer) => findAll(answer.tree, 'Store')[0];
const storeStatus = (answer: EasAnswer) => textOf(store(answer), 'Status');
const totalOf = (answer: EasAnswer) => Number(textOf(store(answer), 'Total') ?? 0);
const subjects = (answer: EasAnswer) =>
  findAll(answer.tree, 'Result').map((r) => textOf(r, 'Subject'));

jest.setTimeout(120_000);

describe('EAS Search of the mailbox and Find', () => {
  let stack: Stack;
  let smtp: ReturnType<typeof nodemailer.createTransport>;
  let phone: EasClient;
  let inbox: string;
  let sentItems: string;
  const before = new Date(Date.now() - 60_000);

  const device = (account: typeof PAT, deviceId: string, version: EasVersion = '14.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...account,
      deviceId,
      version,
      autoProvision: true,
    });

  /** Searches until `total` matches are there (delivery is asynchronous). */
  async function searchUntil(client: EasClient, body: string, total: number): Promise<EasAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await client.send('Search', body);
      expect(answer.easStatus).toBe(1);
      if (totalOf(answer) >= total || attempt === 60) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
      startTimeoutMs: 90_000,
    });
    for (const [who, name] of [
      [PAT, 'Pat Lee'],
      [KIM, 'Kim Ray'],
    ] as const)
      await stack.mailctlJson(
        ['mailbox', 'add', who.user, '--display-name', name, '--password', who.password],
        ADMIN,
      );
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: stack.ports.smtp,
      secure: false,
      ignoreTLS: true,
    });
    const send = (to: string, subject: string, text: string, cc?: string) =>
      smtp.sendMail({
        from: 'Zoe <zoe@fabrikam.com>',
        to,
        cc,
        subject,
        text,
        envelope: { from: 'zoe@fabrikam.com', to: [to] },
      });
    await send(
      PAT.user,
      'Quarterly plan',
      'The albatross migration starts on Monday.',
      '"Ops Team" <ops@fabrikam.com>',
    );
    for (let i = 0; i < 3; i++) await send(PAT.user, `Pelican note ${i}`, 'pelican sighting');
    await send(KIM.user, 'For Kim only', 'The albatross and the zeppelin are secret.');

    phone = device(PAT, 'SearchPhone');
    const folders = await phone.send(
      'FolderSync',
      '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>',
    );
    const id = (type: number) =>
      textOf(
        findAll(folders.tree, 'Add').find((a) => textOf(a, 'Type') === String(type)),
        'ServerId',
      )!;
    inbox = id(2);
    sentItems = id(5);
    await searchUntil(phone, search(freeText('pelican')), 3);
  }, 150_000);
  afterAll(async () => {
    smtp?.close();
    await stack?.stop();
  });

  it('finds a mail by a word of its body, with the body asked for and a LongId', async () => {
    const answer = await searchUntil(
      phone,
      search(freeText('albatross') + collection(inbox), `<Range>0-9</Range>${textBody}`),
      1,
    );
    expect(storeStatus(answer)).toBe('1');
    expect(textOf(store(answer), 'Range')).toBe('0-0');
    expect(totalOf(answer)).toBe(1);
    const [result] = findAll(answer.tree, 'Result');
    expect(textOf(result, 'Class')).toBe('Email');
    expect(textOf(result, 'CollectionId')).toBe(inbox);
    expect(textOf(result, 'LongId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(result, 'Subject')).toBe('Quarterly plan');
    expect(textOf(result, 'From')).toContain('zoe@fabrikam.com');
    expect(textOf(result, 'Type')).toBe('1');
    expect(textOf(result, 'Data')).toContain('albatross migration');

    // The conversation the device was given finds the mail without any words.
    const conversationId = findAll(result, 'ConversationId')[0].content as Uint8Array;
    const byConversation = await phone.send(
      'Search',
      el('Search', 'Search', [
        el('Search', 'Store', [
          el('Search', 'Name', 'Mailbox'),
          el('Search', 'Query', [
            el('Search', 'And', [el('Search', 'ConversationId', conversationId)]),
          ]),
        ]),
      ]),
    );
    expect(subjects(byConversation)).toEqual(['Quarterly plan']);
  });

  it('keeps to the folders and the dates asked for', async () => {
    const inSent = await phone.send(
      'Search',
      search(freeText('albatross') + collection(sentItems)),
    );
    expect(storeStatus(inSent)).toBe('1');
    expect(totalOf(inSent)).toBe(0);
    expect(findAll(inSent.tree, 'Result')).toHaveLength(0);

    const now = new Date(Date.now() + 60_000);
    const within = await phone.send(
      'Search',
      search(freeText('albatross') + received('GreaterThan', before) + received('LessThan', now)),
    );
    expect(subjects(within)).toEqual(['Quarterly plan']);
    const later = await phone.send(
      'Search',
      search(freeText('albatross') + received('GreaterThan', now)),
    );
    expect(totalOf(later)).toBe(0);
    const earlier = await phone.send(
      'Search',
      search(freeText('albatross') + received('LessThan', before)),
    );
    expect(totalOf(earlier)).toBe(0);

    const unknown = await phone.send(
      'Search',
      search(freeText('albatross') + collection('00000000-0000-4000-8000-000000000000')),
    );
    expect(storeStatus(unknown)).toBe('11');
  });

  it('pages with Range and Total', async () => {
    const first = await phone.send('Search', search(freeText('pelican'), '<Range>0-1</Range>'));
    expect(textOf(store(first), 'Range')).toBe('0-1');
    expect(totalOf(first)).toBe(3);
    const second = await phone.send('Search', search(freeText('pelican'), '<Range>2-9</Range>'));
    expect(textOf(store(second), 'Range')).toBe('2-2');
    expect(totalOf(second)).toBe(3);
    const all = [...subjects(first), ...subjects(second)].sort();
    expect(all).toEqual(['Pelican note 0', 'Pelican note 1', 'Pelican note 2']);
    const past = await phone.send('Search', search(freeText('pelican'), '<Range>10-19</Range>'));
    expect(storeStatus(past)).toBe('1');
    expect(findAll(store(past), 'Range')).toHaveLength(0);
    expect(totalOf(past)).toBe(3);
  });

  it('reaches a subfolder with DeepTraversal', async () => {
    const created = await phone.send(
      'FolderCreate',
      `<FolderCreate xmlns="FolderHierarchy:"><SyncKey>1</SyncKey><ParentId>${inbox}</ParentId>` +
        '<DisplayName>Birds</DisplayName><Type>12</Type></FolderCreate>',
    );
    expect(created.easStatus).toBe(1);
    const birds = textOf(created.tree, 'ServerId')!;
    const found = await phone.send('Search', search(freeText('pelican') + collection(inbox)));
    const moved = await phone.send(
      'MoveItems',
      `<MoveItems xmlns="Move:"><Move><SrcMsgId>${textOf(found.tree, 'LongId')}</SrcMsgId>` +
        `<SrcFldId>${inbox}</SrcFldId><DstFldId>${birds}</DstFldId></Move></MoveItems>`,
    );
    expect(textOf(moved.tree, 'Status')).toBe('3');

    const shallow = await phone.send('Search', search(freeText('pelican') + collection(inbox)));
    expect(totalOf(shallow)).toBe(2);
    const deep = await phone.send(
      'Search',
      search(freeText('pelican') + collection(inbox), '<DeepTraversal/><RebuildResults/>'),
    );
    expect(totalOf(deep)).toBe(3);
    const folders = findAll(deep.tree, 'Result').map((r) => textOf(r, 'CollectionId'));
    expect(folders.sort()).toEqual([inbox, inbox, birds].sort());
  });

  it('finds the mail with Find at 16.1', async () => {
    const answer = await device(PAT, 'FindPhone', '16.1').send(
      'Find',
      '<Find xmlns="Find:" xmlns:airsync="AirSync:"><SearchId>0B6F3C5E-2A41-4C8D-9F17-5E2D8A1B3C40</SearchId>' +
        '<ExecuteSearch><MailBoxSearchCriterion><Query><FreeText>albatross</FreeText>' +
        `<airsync:CollectionId>${inbox}</airsync:CollectionId></Query>` +
        '<Options><Range>0-4</Range><DeepTraversal/></Options>' +
        '</MailBoxSearchCriterion></ExecuteSearch></Find>',
    );
    expect(answer.easStatus).toBe(1);
    const response = findAll(answer.tree, 'Response')[0];
    expect(textOf(response, 'Store')).toBe('Mailbox');
    expect(textOf(response, 'Total')).toBe('1');
    expect(textOf(response, 'Range')).toBe('0-0');
    const [result] = findAll(response, 'Result');
    expect(textOf(result, 'ServerId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(result, 'CollectionId')).toBe(inbox);
    expect(textOf(result, 'Subject')).toBe('Quarterly plan');
    expect(textOf(result, 'Preview')).toContain('albatross');
    expect(textOf(result, 'HasAttachments')).toBe('0');
    expect(textOf(result, 'IsDraft')).toBe('0');
    expect(textOf(result, 'DisplayCc')).toBe('Ops Team');

    const malformed = await device(PAT, 'FindPhone', '16.1').send(
      'Find',
      '<Find xmlns="Find:"><SearchId>0B6F3C5E-2A41-4C8D-9F17-5E2D8A1B3C41</SearchId>' +
        '<ExecuteSearch><MailBoxSearchCriterion><Query/></MailBoxSearchCriterion></ExecuteSearch></Find>',
    );
    expect(malformed.easStatus).toBe(2);
  });

  it('answers a malformed query with Status 2 and a too complex one with Status 8', async () => {
    const noText = await phone.send('Search', search(collection(inbox)));
    expect(noText.easStatus).toBe(1);
    expect(storeStatus(noText)).toBe('2');
    const badRange = await phone.send('Search', search(freeText('pelican'), '<Range>9-1</Range>'));
    expect(storeStatus(badRange)).toBe('2');
    const badDate = await phone.send(
      'Search',
      search(
        freeText('pelican') + '<GreaterThan><email:DateReceived/><Value>soon</Value></GreaterThan>',
      ),
    );
    expect(storeStatus(badDate)).toBe('2');
    const bare = await phone.send(
      'Search',
      `<Search ${NS}><Store><Name>Mailbox</Name><Query><FreeText>pelican</FreeText></Query></Store></Search>`,
    );
    expect(storeStatus(bare)).toBe('8');
  });

  it('never finds another user’s mail', async () => {
    const kim = device(KIM, 'KimPhone');
    await searchUntil(kim, search(freeText('zeppelin')), 1);
    const mine = await phone.send('Search', search(freeText('zeppelin')));
    expect(storeStatus(mine)).toBe('1');
    expect(totalOf(mine)).toBe(0);
    const albatross = await phone.send('Search', search(freeText('albatross')));
    expect(subjects(albatross)).toEqual(['Quarterly plan']);
  });
});
