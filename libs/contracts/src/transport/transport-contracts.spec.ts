import { RecipientResolveRequest } from '../directory/routing';
import { QueueListRequest, QueueShowRequest } from './queue';
import { MessageSubmit, MessageSubmitRequest } from './submit';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[] }> };
}) => (result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.')));

describe('transport contracts', () => {
  it('names the submission subject after its role, noun and verb', () => {
    expect(MessageSubmit.subject).toBe('hub-transport.message.submit');
  });

  it('bounds a submission: the user, base64 MIME, a short client id', () => {
    expect(
      MessageSubmitRequest.safeParse({ userPrincipalName: 'Pat@Contoso.com', mime: 'QQ==' }).data,
    ).toMatchObject({ userPrincipalName: 'pat@contoso.com' });
    expect(
      issues(
        MessageSubmitRequest.safeParse({
          userPrincipalName: 'pat',
          mime: 'not base64!',
          clientId: 'x'.repeat(65),
        }),
      ),
    ).toEqual(['userPrincipalName', 'mime', 'clientId']);
  });

  it('bounds queue requests and directory lookups', () => {
    expect(QueueListRequest.parse({ limit: '5' })).toEqual({ offset: 0, limit: 5 });
    expect(issues(QueueListRequest.safeParse({ state: 'lost', limit: 5000 }))).toEqual([
      'state',
      'limit',
    ]);
    expect(issues(QueueShowRequest.safeParse({ queueId: '../etc' }))).toEqual(['queueId']);
    expect(issues(RecipientResolveRequest.safeParse({ addresses: [] }))).toEqual(['addresses']);
    expect(
      issues(RecipientResolveRequest.safeParse({ addresses: Array(1001).fill('a@b.com') })),
    ).toEqual(['addresses']);
  });
});
