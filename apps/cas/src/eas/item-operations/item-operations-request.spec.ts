import { fromXml } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { parseItemOperations } from './item-operations-request';

const parse = (inner: string) =>
  parseItemOperations(
    fromXml(
      `<ItemOperations xmlns="ItemOperations" xmlns:airsync="AirSync" xmlns:airsyncbase="AirSyncBase" xmlns:search="Search">${inner}</ItemOperations>`,
    ),
  );

describe('ItemOperations requests', () => {
  it('reads fetches of attachments and items, EmptyFolderContents and Move, in order', () => {
    const operations = parse(
      '<Fetch><Store>Mailbox</Store><airsyncbase:FileReference>abc</airsyncbase:FileReference>' +
        '<Options><Range>0-99</Range></Options></Fetch>' +
        '<EmptyFolderContents><airsync:CollectionId>c1</airsync:CollectionId><Options><DeleteSubFolders/></Options></EmptyFolderContents>' +
        '<Fetch><Store>Mailbox</Store><airsync:CollectionId>c1</airsync:CollectionId><airsync:ServerId>s1</airsync:ServerId>' +
        '<Options><airsync:MIMESupport>2</airsync:MIMESupport><airsyncbase:BodyPreference><airsyncbase:Type>4</airsyncbase:Type></airsyncbase:BodyPreference></Options></Fetch>' +
        '<Fetch><Store>Mailbox</Store><search:LongId>l1</search:LongId></Fetch>' +
        '<Move><ConversationId>conv</ConversationId><DstFldId>f2</DstFldId></Move>',
    );
    expect(operations.map((o) => o.op)).toEqual([
      'Fetch',
      'EmptyFolderContents',
      'Fetch',
      'Fetch',
      'Move',
    ]);
    expect(operations[0]).toMatchObject({
      target: { kind: 'attachment', fileReference: 'abc' },
      options: { range: { start: 0, end: 99 } },
    });
    expect(operations[1]).toMatchObject({ collectionId: 'c1', deleteSubFolders: true });
    expect(operations[2]).toMatchObject({
      target: { kind: 'item', collectionId: 'c1', serverId: 's1' },
      options: { email: { mimeSupport: 2, bodyPreferences: [{ type: 4 }] } },
    });
    expect(operations[3]).toMatchObject({ target: { kind: 'long-id', longId: 'l1' } });
    expect(operations[4]).toMatchObject({ op: 'Move', dstFldId: 'f2', moveAlways: false });
  });

  it('marks a range that is not one, and refuses malformed operations', () => {
    const [fetch] = parse(
      '<Fetch><Store>Mailbox</Store><airsyncbase:FileReference>a</airsyncbase:FileReference><Options><Range>9-1</Range></Options></Fetch>',
    );
    expect(fetch).toMatchObject({ options: { range: null } });
    expect(() => parse('')).toThrow(EasProtocolError);
    expect(() => parse('<Fetch/>')).toThrow(EasProtocolError);
    expect(() => parse('<EmptyFolderContents/>')).toThrow(EasProtocolError);
    expect(() => parse('<Move><DstFldId>x</DstFldId></Move>')).toThrow(EasProtocolError);
    expect(() => parse('<Fetch><Store>Mailbox</Store></Fetch>'.repeat(65))).toThrow(
      EasProtocolError,
    );
  });
});
