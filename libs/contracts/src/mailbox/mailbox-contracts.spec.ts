import { DeliverRequest, ChangesListRequest, AttachmentReference } from './items';
import { FolderCreateRequest, FolderUpdateRequest } from './folders';
import { ConversationItemsRequest } from './item-reads';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[] }> };
}) => (result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.')));

describe('mailbox contracts', () => {
  it('bounds a delivery: queue id, recipient and base64 MIME', () => {
    expect(
      DeliverRequest.safeParse({ queueId: 'q', recipient: 'Pat@Contoso.com', mime: 'QQ==' }).data,
    ).toMatchObject({ recipient: 'pat@contoso.com' });
    expect(
      issues(DeliverRequest.safeParse({ queueId: 'x'.repeat(129), recipient: 'no', mime: '*' })),
    ).toEqual(['queueId', 'recipient', 'mime']);
  });

  it('bounds change windows, folder names and attachment references', () => {
    const folderId = '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c';
    expect(
      issues(
        ChangesListRequest.safeParse({ mailbox: 'a@b.com', folderId, after: -1, window: 513 }),
      ),
    ).toEqual(['after', 'window']);
    expect(
      issues(
        FolderCreateRequest.safeParse({
          mailbox: 'a@b.com',
          parentId: null,
          displayName: 'a/b',
          type: 2,
        }),
      ),
    ).toEqual(['displayName', 'type']);
    expect(issues(FolderUpdateRequest.safeParse({ mailbox: 'a@b.com', folderId }))).toEqual([
      'displayName',
    ]);
    expect(AttachmentReference.safeParse(`${folderId}:3`).success).toBe(true);
    expect(AttachmentReference.safeParse('------------------------------------:3').success).toBe(
      false,
    );
  });

  it('takes a conversation id as the hex of 1 to 64 bytes', () => {
    const ok = ConversationItemsRequest.safeParse({ mailbox: 'a@b.com', conversationId: 'A1b2' });
    expect(ok.success).toBe(true);
    for (const conversationId of ['', 'abc', 'zz', 'ab'.repeat(65)])
      expect(
        issues(ConversationItemsRequest.safeParse({ mailbox: 'a@b.com', conversationId })),
      ).toEqual(['conversationId']);
  });
});
