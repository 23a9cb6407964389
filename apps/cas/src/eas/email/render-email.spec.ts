import type { AttachmentInfo, FetchedItem } from '@mail/contracts';
import { resolvePolicy, type PartialEasPolicy } from '@mail/policy';
import { el, encode, decode, toXml, type WbxmlElement } from '@mail/wbxml';
import { saveEasXml } from '@mail/runtime/testing';
import type { ProtocolVersion } from '../protocol';
import { chooseBody } from './email-policy';
import type { EmailOptions } from './email-options';
import { decodeFileReference } from './file-reference';
import { emailApplicationData, emailChangeData } from './render-email';

const ITEM = '0f8e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b';

const attachment: AttachmentInfo = {
  reference: `${ITEM}:1`,
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  contentId: '<img1@x>',
  isInline: true,
  size: 2048,
  method: 1,
};

function item(html = '<p>Hello <b>there</b></p>'): FetchedItem {
  return {
    itemId: ITEM,
    folderId: 'f1',
    class: 'Email',
    changeNumber: 3,
    read: false,
    headers: {
      messageClass: 'IPM.Note',
      subject: 'Re: Plans',
      from: '"Ann" <ann@example.com>',
      to: '"Bob" <bob@example.com>',
      cc: null,
      replyTo: null,
      displayTo: 'Bob',
      threadTopic: 'Plans',
      dateReceived: '2026-12-01T10:00:00.000Z',
      importance: 1,
      read: false,
      flag: {
        status: 2,
        startDate: '2026-12-01T00:00:00.000Z',
        dueDate: '2026-12-02T00:00:00.000Z',
        completeTime: null,
      },
      categories: ['Work'],
      conversationId: 'abcd',
      conversationIndex: '01020304',
      lastVerbExecuted: null,
      lastVerbExecutionTime: null,
      preview: 'Hello there',
      size: 1000,
      hasAttachments: true,
    },
    body: { type: 'html', data: html, truncated: false, size: Buffer.byteLength(html) },
    attachments: [attachment],
  };
}

const options = (o: Partial<EmailOptions> = {}): EmailOptions => ({
  bodyPreferences: [{ type: 2, allOrNone: false, preview: 20 }],
  mimeSupport: 0,
  ...o,
});

function render(version: ProtocolVersion, settings: PartialEasPolicy = {}, fetched = item()) {
  const policy = resolvePolicy(settings);
  return emailApplicationData(fetched, {
    version,
    settings: policy,
    body: chooseBody(options(), version, policy),
  });
}

/**
 * A Sync response holding one Add with this ApplicationData, saved for the conformance check
 * (EAS_XML_DIR); its WBXML round trip must hold.
 */
function saveSync(name: string, data: WbxmlElement[]): void {
  const S = 'AirSync';
  const tree = el(S, 'Sync', [
    el(S, 'Collections', [
      el(S, 'Collection', [
        el(S, 'SyncKey', '2'),
        el(S, 'CollectionId', 'f1'),
        el(S, 'Status', '1'),
        el(S, 'Commands', [
          el(S, 'Add', [el(S, 'ServerId', ITEM), el(S, 'ApplicationData', data)]),
        ]),
      ]),
    ]),
  ]);
  saveEasXml(`render-email-${name}`, toXml(decode(encode(tree))));
}

const find = (data: WbxmlElement[], tag: string) => data.find((e) => e.tag === tag);
const kids = (e: WbxmlElement | undefined) => (e?.content ?? []) as WbxmlElement[];

describe('emailApplicationData', () => {
  it.each(['12.1', '14.1', '16.1'] as const)(
    'renders a valid airsyncbase email at %s',
    (version) => {
      const data = render(version);
      saveSync(version, data);
      const body = kids(find(data, 'Body'));
      expect(body.map((e) => e.tag)).toEqual(
        version === '12.1'
          ? ['Type', 'EstimatedDataSize', 'Data']
          : ['Type', 'EstimatedDataSize', 'Data', 'Preview'],
      );
      const att = kids(kids(find(data, 'Attachments'))[0]);
      const ref = att.find((e) => e.tag === 'FileReference')!.content as string;
      expect(decodeFileReference(ref)?.reference).toBe(`${ITEM}:1`);
      expect(att.map((e) => e.tag)).toEqual([
        'DisplayName',
        'FileReference',
        'Method',
        'EstimatedDataSize',
        'ContentId',
        'IsInline',
      ]);
      expect(data.some((e) => e.tag === 'ConversationId')).toBe(version !== '12.1');
    },
  );

  it('renders the 2.5 forms', () => {
    const data = render('2.5');
    saveSync('2.5', data);
    expect(find(data, 'Attachments')?.ns).toBe('Email');
    expect(data.map((e) => e.tag)).toEqual(
      expect.arrayContaining(['BodySize', 'BodyTruncated', 'Body']),
    );
    expect(data.some((e) => e.tag === 'Flag' || e.tag === 'Categories')).toBe(false);
  });

  it('enforces the policy: no attachments, no HTML', () => {
    const data = render('14.1', { AttachmentsEnabled: false, AllowHTMLEmail: false });
    expect(find(data, 'Attachments')).toBeUndefined();
    // Even a body that came back as HTML is made plain text.
    const data2 = emailApplicationData(item(), {
      version: '14.1',
      settings: resolvePolicy({ AllowHTMLEmail: false }),
      body: { easType: 1, type: 'text', allOrNone: false, truncateBytes: 5 },
    });
    const body = kids(find(data2, 'Body'));
    expect(body.find((e) => e.tag === 'Type')?.content).toBe('1');
    expect(body.find((e) => e.tag === 'Data')?.content).toBe('Hello');
    expect(body.find((e) => e.tag === 'Truncated')?.content).toBe('1');
    saveSync('plain', data2);
  });

  it('withholds a truncated body when the device asked for all or nothing', () => {
    const fetched = item();
    fetched.body = { type: 'text', data: 'Hel', truncated: true, size: 12 };
    const data = emailApplicationData(fetched, {
      version: '14.1',
      settings: resolvePolicy({}),
      body: { easType: 1, type: 'text', allOrNone: true, truncateBytes: 3 },
    });
    expect(kids(find(data, 'Body')).map((e) => e.tag)).toEqual([
      'Type',
      'EstimatedDataSize',
      'Truncated',
    ]);
  });

  it('renders a change with read, flag and categories only', () => {
    const headers = item().headers!;
    expect(emailChangeData(headers, '14.1').map((e) => e.tag)).toEqual([
      'Read',
      'Flag',
      'Categories',
    ]);
    expect(emailChangeData(headers, '2.5').map((e) => e.tag)).toEqual(['Read']);
    saveSync(
      'change',
      emailChangeData({ ...headers, flag: { ...headers.flag, status: 0 } }, '16.1'),
    );
  });
});
