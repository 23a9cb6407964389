import { answerFor, EAS_ERRORS } from './errors';

describe('EAS error mapping', () => {
  it('answers with HTTP below 14.0 and with the common status from 14.0', () => {
    expect(answerFor('device-blocked', '12.1', 10)).toEqual({ kind: 'http', status: 403 });
    expect(answerFor('device-blocked', '14.0', 10)).toEqual({ kind: 'status', status: 129 });
    expect(answerFor('not-provisioned', '12.1', 10)).toEqual({ kind: 'http', status: 449 });
    expect(answerFor('not-provisioned', '16.1', 10)).toEqual({ kind: 'status', status: 142 });
    expect(answerFor('policy-refresh', '14.1', 10)).toEqual({ kind: 'status', status: 143 });
    expect(answerFor('invalid-policy-key', '14.1', 10)).toEqual({ kind: 'status', status: 144 });
    expect(answerFor('wipe-requested', '14.1', 10)).toEqual({ kind: 'status', status: 140 });
    expect(answerFor('eas-disabled', '14.1', 10)).toEqual({ kind: 'status', status: 126 });
  });

  it('answers a malformed body with the command’s own status at every version', () => {
    expect(answerFor('malformed-body', '2.5', 10)).toEqual({ kind: 'status', status: 10 });
    expect(answerFor('malformed-body', '16.1', 2)).toEqual({ kind: 'status', status: 2 });
  });

  it('answers with HTTP what no command status can say, or when the command is unknown', () => {
    expect(answerFor('unauthenticated', '16.1', 10)).toEqual({ kind: 'http', status: 401 });
    expect(answerFor('redirect', '16.1', 10)).toEqual({ kind: 'http', status: 451 });
    expect(answerFor('role-unavailable', '16.1', 10)).toEqual({ kind: 'http', status: 503 });
    expect(answerFor('body-too-large', '16.1', 10)).toEqual({ kind: 'http', status: 413 });
    expect(answerFor('device-blocked', '16.1', undefined)).toEqual({ kind: 'http', status: 403 });
    expect(answerFor('malformed-query', undefined, undefined)).toEqual({
      kind: 'http',
      status: 400,
    });
    expect(answerFor('command-not-implemented', '14.1', undefined)).toEqual({
      kind: 'http',
      status: 501,
    });
  });

  it('gives every error an HTTP status', () => {
    for (const mapping of Object.values(EAS_ERRORS))
      expect(mapping.http).toBeGreaterThanOrEqual(400);
  });
});
