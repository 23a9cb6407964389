import { resolvePolicy, type PartialEasPolicy } from '@mail/policy';
import type { AttachmentInfo } from '@mail/contracts';
import { chooseBody, isSmime, smimeBody, visibleAttachments } from './email-policy';
import type { EmailOptions } from './email-options';

const policy = (settings: PartialEasPolicy = {}) => resolvePolicy(settings);
const options = (o: Partial<EmailOptions> = {}): EmailOptions => ({
  bodyPreferences: [],
  mimeSupport: 0,
  ...o,
});
const html = { type: 2 as const, truncationSize: 200_000, allOrNone: false };

describe('chooseBody', () => {
  it('gives the first preference the server has, plain text without any', () => {
    expect(chooseBody(options({ bodyPreferences: [html] }), '14.1', policy())).toMatchObject({
      easType: 2,
      type: 'html',
      truncateBytes: 200_000,
    });
    expect(chooseBody(options(), '14.1', policy())).toMatchObject({ easType: 1, type: 'text' });
  });

  it('gives MIME only with MIMESupport 2', () => {
    const mime = { type: 4 as const, allOrNone: false };
    expect(chooseBody(options({ bodyPreferences: [mime, html] }), '12.1', policy()).easType).toBe(
      2,
    );
    expect(
      chooseBody(options({ bodyPreferences: [mime], mimeSupport: 2 }), '12.1', policy()).easType,
    ).toBe(4);
  });

  it('turns HTML into plain text and caps sizes as the policy says', () => {
    const strict = policy({
      AllowHTMLEmail: false,
      MaxEmailBodyTruncationSize: 1000,
      MaxEmailHTMLBodyTruncationSize: 10,
    });
    expect(chooseBody(options({ bodyPreferences: [html] }), '14.1', strict)).toMatchObject({
      easType: 1,
      type: 'text',
      truncateBytes: 1000,
    });
    const mime = options({ bodyPreferences: [{ type: 4, allOrNone: false }], mimeSupport: 2 });
    expect(chooseBody(mime, '14.1', strict).easType).toBe(1);
    expect(
      chooseBody(
        options({ bodyPreferences: [html] }),
        '14.1',
        policy({ MaxEmailHTMLBodyTruncationSize: 10 }),
      ).truncateBytes,
    ).toBe(10);
  });

  it('uses the 2.5 options at 2.5', () => {
    expect(chooseBody(options({ truncation: 512 }), '2.5', policy())).toEqual({
      easType: 1,
      type: 'text',
      truncateBytes: 512,
      allOrNone: false,
    });
    expect(chooseBody(options({ mimeSupport: 2 }), '2.5', policy()).type).toBe('mime');
  });

  it('sends a preview only from 14.0', () => {
    const withPreview = options({ bodyPreferences: [{ type: 1, allOrNone: false, preview: 50 }] });
    expect(chooseBody(withPreview, '14.0', policy()).preview).toBe(50);
    expect(chooseBody(withPreview, '12.1', policy()).preview).toBeUndefined();
  });
});

describe('smimeBody', () => {
  it('gives MIME for S/MIME messages only with MIMESupport 1', () => {
    const mime = { type: 4 as const, allOrNone: false, truncationSize: 100_000 };
    const asked = options({ bodyPreferences: [html, mime], mimeSupport: 1 });
    expect(smimeBody(asked, '14.1', policy())).toMatchObject({
      easType: 4,
      type: 'mime',
      truncateBytes: 100_000,
    });
    expect(chooseBody(asked, '14.1', policy()).easType).toBe(2);
    expect(
      smimeBody(options({ bodyPreferences: [mime], mimeSupport: 2 }), '14.1', policy()),
    ).toBeNull();
    expect(
      smimeBody(options({ bodyPreferences: [html], mimeSupport: 1 }), '14.1', policy()),
    ).toBeNull();
    expect(smimeBody(options({ mimeSupport: 1 }), '2.5', policy())?.type).toBe('mime');
    expect(isSmime('IPM.Note.SMIME.MultipartSigned')).toBe(true);
    expect(isSmime('IPM.Note')).toBe(false);
  });
});

describe('visibleAttachments', () => {
  const attachment = (size: number): AttachmentInfo => ({
    reference: `0f8e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b:${size}`,
    fileName: 'a.pdf',
    contentType: 'application/pdf',
    contentId: null,
    isInline: false,
    size,
    method: 1,
  });
  it('hides every attachment when disabled and those over the maximum size', () => {
    const list = [attachment(10), attachment(5000)];
    expect(visibleAttachments(list, policy())).toHaveLength(2);
    expect(visibleAttachments(list, policy({ AttachmentsEnabled: false }))).toEqual([]);
    expect(visibleAttachments(list, policy({ MaxAttachmentSize: 100 }))).toEqual([list[0]]);
  });
});
