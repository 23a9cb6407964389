import {
  SYNC_STATE_LIMITS,
  SyncClientIdsRequest,
  SyncStateProposeRequest,
  SyncStateResetRequest,
} from './sync-state';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[] }> };
}) => (result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.')));

describe('sync state contracts', () => {
  const valid = {
    mailbox: 'pat@contoso.com',
    deviceId: 'ApplF4KX1234',
    collectionId: '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c',
    key: 1,
    state: { changeNumber: 0, data: '' },
    answer: 'AwFqAA==',
  };

  it('bounds device, collection, key, state and answer', () => {
    expect(SyncStateProposeRequest.safeParse(valid).success).toBe(true);
    expect(
      issues(
        SyncStateProposeRequest.safeParse({
          ...valid,
          deviceId: 'has space',
          collectionId: 'x'.repeat(65),
          key: 0,
          state: { changeNumber: -1, data: 'QQ' },
          answer: 'A'.repeat(4 * Math.ceil(SYNC_STATE_LIMITS.maxAnswerBytes / 3) + 4),
        }),
      ),
    ).toEqual(['deviceId', 'collectionId', 'key', 'state.changeNumber', 'state.data', 'answer']);
    expect(issues(SyncStateProposeRequest.safeParse({ ...valid, deviceId: '' }))).toEqual([
      'deviceId',
    ]);
    expect(issues(SyncStateProposeRequest.safeParse({ ...valid, key: 1.5 }))).toEqual(['key']);
  });

  it('accepts the largest answer without exhausting the stack', () => {
    const answer = Buffer.alloc(SYNC_STATE_LIMITS.maxAnswerBytes, 0xa5).toString('base64');
    expect(SyncStateProposeRequest.safeParse({ ...valid, answer }).success).toBe(true);
  });

  it('bounds ClientId lookups; a reset may name one collection or none', () => {
    const { mailbox, deviceId, collectionId } = valid;
    const lookup = (clientIds: string[]) =>
      issues(SyncClientIdsRequest.safeParse({ mailbox, deviceId, collectionId, clientIds }));
    expect(lookup([])).toEqual(['clientIds']);
    expect(lookup(Array.from({ length: 513 }, (_, i) => `c${i}`))).toEqual(['clientIds']);
    expect(lookup(['x'.repeat(65)])).toEqual(['clientIds.0']);
    expect(SyncStateResetRequest.safeParse({ mailbox, deviceId }).success).toBe(true);
    expect(
      issues(SyncStateResetRequest.safeParse({ mailbox, deviceId, collectionId: '' })),
    ).toEqual(['collectionId']);
  });
});
