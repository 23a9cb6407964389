import { el, fromXml } from '@mail/wbxml';
import { displayNames, readFindCriterion } from './find-mailbox';
import { encodeLongId, itemIdOf } from '../item-id';
import { readMailboxQuery, readRange, readSearchOptions, SearchRefusal } from './mailbox-query';

const NS = 'xmlns="Search:" xmlns:airsync="AirSync:" xmlns:email="Email:"';
const query = (inner: string) => readMailboxQuery(fromXml(`<Query ${NS}>${inner}</Query>`));
const reason = (read: () => unknown) => {
  try {
    read();
    return null;
  } catch (error) {
    if (error instanceof SearchRefusal) return error.reason;
    throw error;
  }
};
const date = (op: string, value: string) =>
  `<${op}><email:DateReceived/><Value>${value}</Value></${op}>`;

describe('mailbox search queries', () => {
  it('reads an And with words, folders, classes and a date window', () => {
    expect(
      query(
        '<And><FreeText>budget</FreeText><FreeText>q3 plan</FreeText>' +
          '<airsync:CollectionId>f1</airsync:CollectionId><airsync:CollectionId>f2</airsync:CollectionId>' +
          '<airsync:Class>email</airsync:Class>' +
          date('GreaterThan', '2026-01-01T00:00:00.000Z') +
          date('LessThan', '2026-02-01T10:00:00+01:00') +
          '</And>',
      ),
    ).toEqual({
      freeText: 'budget q3 plan',
      collectionIds: ['f1', 'f2'],
      classes: ['Email'],
      receivedAfter: '2026-01-01T00:00:00.000Z',
      receivedBefore: '2026-02-01T09:00:00.000Z',
    });
  });

  it('reads an Or as alternatives, several words kept as a phrase', () => {
    expect(query('<Or><FreeText>heron</FreeText><FreeText>red kite</FreeText></Or>')).toEqual({
      freeText: 'heron or "red kite"',
      collectionIds: [],
    });
    expect(
      query(
        '<And><FreeText>nest</FreeText><Or><FreeText>a</FreeText><FreeText>b</FreeText></Or></And>',
      ),
    ).toMatchObject({ freeText: 'nest a or b' });
  });

  it('reads a ConversationId as opaque bytes or hex, alone or with words', () => {
    const opaque = el('Search', 'Query', [
      el('Search', 'And', [el('Search', 'ConversationId', new Uint8Array([0xab, 0x01]))]),
    ]);
    expect(readMailboxQuery(opaque)).toEqual({ conversationId: 'ab01', collectionIds: [] });
    expect(query('<And><ConversationId>AB01</ConversationId></And>').conversationId).toBe('ab01');
  });

  it('refuses a malformed query (Status 2) and a too complex one (Status 8)', () => {
    for (const inner of [
      '',
      '<And><airsync:CollectionId>f1</airsync:CollectionId></And>',
      '<And><FreeText>x</FreeText><airsync:Class>Fax</airsync:Class></And>',
      '<And><FreeText>x</FreeText>' + date('GreaterThan', 'soon') + '</And>',
      '<And><FreeText>x</FreeText><GreaterThan><Value>2026-01-01T00:00:00Z</Value></GreaterThan></And>',
      '<And><FreeText>x</FreeText>' + date('LessThan', '2026-01-01T00:00:00Z').repeat(2) + '</And>',
      '<And><ConversationId>xyz</ConversationId></And>',
      `<And><FreeText>${'x'.repeat(257)}</FreeText></And>`,
      '<And><FreeText>x</FreeText></And><And><FreeText>y</FreeText></And>',
    ])
      expect([inner, reason(() => query(inner))]).toEqual([inner, 'invalid']);
    for (const inner of [
      '<FreeText>x</FreeText>',
      '<Or><FreeText>x</FreeText><airsync:CollectionId>f1</airsync:CollectionId></Or>',
      '<Or><FreeText>x</FreeText><And><FreeText>y</FreeText></And></Or>',
      '<And><FreeText>x</FreeText><Or><Or><FreeText>y</FreeText></Or></Or></And>',
      `<And>${'<FreeText>x</FreeText>'.repeat(33)}</And>`,
    ])
      expect([inner, reason(() => query(inner))]).toEqual([inner, 'too-complex']);
    expect(reason(() => readMailboxQuery(undefined))).toBe('invalid');
  });

  it('reads Range and DeepTraversal, cutting a range to one page within 999', () => {
    expect(readRange(undefined)).toEqual({ start: 0, end: 99 });
    expect(readRange('10-500')).toEqual({ start: 10, end: 109 });
    expect(readRange('950-999')).toEqual({ start: 950, end: 999 });
    for (const bad of ['9-1', '0-1000', 'a-b', ''])
      expect(reason(() => readRange(bad))).toBe('invalid');
    const options = fromXml(
      `<Options ${NS}><Range>0-4</Range><DeepTraversal/><RebuildResults/></Options>`,
    );
    expect(readSearchOptions(options)).toEqual({
      range: { start: 0, end: 4 },
      deepTraversal: true,
    });
    expect(
      reason(() =>
        readSearchOptions(fromXml(`<Options ${NS}><Range>0-4</Range><Range>0-4</Range></Options>`)),
      ),
    ).toBe('invalid');
  });

  it('reads a Find mailbox criterion', () => {
    const criterion = (inner: string) =>
      fromXml(
        `<MailBoxSearchCriterion xmlns="Find:" xmlns:airsync="AirSync:">${inner}</MailBoxSearchCriterion>`,
      );
    expect(
      readFindCriterion(
        criterion(
          '<Query><FreeText>albatross</FreeText><airsync:CollectionId>f1</airsync:CollectionId>' +
            '<airsync:Class>Email</airsync:Class></Query><Options><Range>0-9</Range></Options>',
        ),
      ),
    ).toEqual({
      query: { freeText: 'albatross', collectionIds: ['f1'] },
      options: { range: { start: 0, end: 9 }, deepTraversal: false },
    });
    for (const inner of [
      '',
      '<Query/>',
      '<Query><FreeText>a</FreeText><FreeText>b</FreeText></Query>',
      '<Query><FreeText>a</FreeText><airsync:Class>Calendar</airsync:Class></Query>',
    ])
      expect(reason(() => readFindCriterion(criterion(inner)))).toBe('invalid');
  });

  it('names the Cc recipients of a Find result', () => {
    expect(displayNames('"Ray, Kim" <kim@contoso.com>, ops@contoso.com,  Lee <lee@x.org>')).toBe(
      'Ray, Kim; ops@contoso.com; Lee',
    );
    expect(displayNames(null)).toBe('');
  });

  it('gives LongIds ItemOperations can read back, and nothing for a foreign one', () => {
    const id = '926e970d-e735-42d6-8933-1d7034a672b6';
    expect(itemIdOf(encodeLongId(id))).toBe(id);
    expect(itemIdOf(id.toUpperCase())).toBe(id);
    expect(itemIdOf('RgAAAAD...')).toBeNull();
  });
});
