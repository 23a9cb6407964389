/**
 * Provision (MS-ASPROV): the policy download (a temporary PolicyKey and the policy document
 * for the device's version), its acknowledgement (the final PolicyKey, recorded in the
 * directory), and remote wipes: a pending wipe is sent instead of a policy and the device's
 * acknowledgement is recorded and mailed to the user. DeviceInformation (14.1+) is recorded.
 * Provision Status (2.2.2.54.2): 1 success, 2 protocol error, 3 server error, 139 the device
 * cannot fully apply the policy, 145 externally managed devices are not allowed; Policy Status
 * (2.2.2.54.1): 1 success, 3 unknown PolicyType, 5 wrong PolicyKey acknowledged.
 */
import { BusError } from '@mail/runtime';
import { DeviceWipeAcknowledged, DeviceWipeSent } from '@mail/contracts';
import { policyData, policyTypeFor } from '@mail/policy';
import { el, type WbxmlElement } from '@mail/wbxml';
import { expectRoot, type EasCommand, type EasContext } from '../command';
import { EasError } from '../errors';
import { atLeast, versionsFrom } from '../protocol';
import {
  parseProvision,
  type DeviceInformation,
  type ProvisionRequest,
} from '../provisioning/provision-request';
import { sendWipeNotice } from '../provisioning/wipe-notice';

const NS = 'Provision';

export interface ProvisionResponse {
  status: number;
  /** Whether DeviceInformation was recorded (answered with settings:DeviceInformation). */
  deviceInformation?: boolean;
  policy?: { type: string; status: number; key?: string; data?: WbxmlElement[] | string };
  wipe?: 'RemoteWipe' | 'AccountOnlyRemoteWipe';
}

async function recordInformation(context: EasContext, information?: DeviceInformation) {
  if (!information || !atLeast(context.version, '14.1')) return false;
  await context.services.directory.reportDevice(
    {
      user: context.user.userPrincipalName,
      deviceId: context.device.id,
      deviceType: context.device.type,
      ...information,
      userAgent: information.userAgent ?? context.device.userAgent,
    },
    true,
  );
  return true;
}

/** The wipe the device must receive now, if any (the gate refused account-only below 16.1). */
function pendingWipe(context: EasContext): ProvisionResponse['wipe'] {
  const { wipe } = context.device.report;
  if (wipe === 'full') return 'RemoteWipe';
  if (wipe === 'account-only') return 'AccountOnlyRemoteWipe';
  return undefined;
}

async function acknowledgeWipe(
  context: EasContext,
  request: Extract<ProvisionRequest, { kind: 'wipe-acknowledged' }>,
): Promise<ProvisionResponse> {
  const user = context.user.userPrincipalName;
  const deviceId = context.device.id;
  if (!request.succeeded) {
    // The device could not wipe: the directive stands (MS-ASPROV 3.2.5.1.2.2).
    return { status: 2, wipe: request.accountOnly ? 'AccountOnlyRemoteWipe' : 'RemoteWipe' };
  }
  try {
    await context.bus.request(DeviceWipeAcknowledged, { user, deviceId });
  } catch (error) {
    // An acknowledgement of a wipe nobody requested (or one already done) changes nothing.
    if (!(error instanceof BusError) || error.code !== 'conflict') throw error;
    return { status: 1 };
  }
  context.services.directory.rememberDevice(user, deviceId, { wipe: 'none' });
  await sendWipeNotice(context, request.accountOnly);
  context.log.info(
    { user, deviceId, accountOnly: request.accountOnly },
    'remote wipe acknowledged',
  );
  return { status: 1 };
}

async function acknowledgePolicy(
  context: EasContext,
  request: Extract<ProvisionRequest, { kind: 'acknowledge' }>,
  deviceInformation: boolean,
): Promise<ProvisionResponse> {
  const { policy } = context;
  const type = request.policyType;
  if (request.policyKey !== policy.keys.temporary)
    return { status: 1, deviceInformation, policy: { type, status: 5 } };
  // Policy Status from the device: 1 applied, 2 partly, 3 not at all, 4 managed by a third party.
  if (request.status !== '1' && !policy.server.AllowNonProvisionableDevices) {
    if (!atLeast(context.version, '14.0'))
      throw new EasError('device-blocked', 'the device cannot apply the whole policy');
    return { status: request.status === '4' ? 145 : 139, deviceInformation };
  }
  await context.services.directory.reportDevice(
    {
      user: context.user.userPrincipalName,
      deviceId: context.device.id,
      deviceType: context.device.type,
      userAgent: context.device.userAgent,
      policyApplied: policy.name,
      policyKey: policy.keys.final,
    },
    true,
  );
  return { status: 1, deviceInformation, policy: { type, status: 1, key: policy.keys.final } };
}

async function handle(request: ProvisionRequest, context: EasContext): Promise<ProvisionResponse> {
  if (request.kind === 'wipe-acknowledged') return acknowledgeWipe(context, request);
  const deviceInformation = await recordInformation(context, request.deviceInformation);
  const wipe = pendingWipe(context);
  if (wipe) {
    await context.bus.request(DeviceWipeSent, {
      user: context.user.userPrincipalName,
      deviceId: context.device.id,
    });
    context.log.info(
      { user: context.user.userPrincipalName, deviceId: context.device.id, wipe },
      'remote wipe sent',
    );
    return { status: 1, deviceInformation, wipe };
  }
  if (request.kind === 'empty') return { status: 2, deviceInformation };
  const expected = policyTypeFor(context.version);
  if (request.policyType !== expected)
    return { status: 1, deviceInformation, policy: { type: request.policyType, status: 3 } };
  if (request.kind === 'acknowledge') return acknowledgePolicy(context, request, deviceInformation);
  const { policy } = context;
  return {
    status: 1,
    deviceInformation,
    policy: {
      type: expected,
      status: 1,
      key: policy.keys.temporary,
      data: policyData(policy.settings, context.version),
    },
  };
}

function write(response: ProvisionResponse): WbxmlElement {
  const { policy } = response;
  return el(NS, 'Provision', [
    ...(response.deviceInformation
      ? [el('Settings', 'DeviceInformation', [el('Settings', 'Status', '1')])]
      : []),
    el(NS, 'Status', String(response.status)),
    ...(policy
      ? [
          el(NS, 'Policies', [
            el(NS, 'Policy', [
              el(NS, 'PolicyType', policy.type),
              el(NS, 'Status', String(policy.status)),
              ...(policy.key === undefined ? [] : [el(NS, 'PolicyKey', policy.key)]),
              ...(policy.data === undefined ? [] : [el(NS, 'Data', policy.data)]),
            ]),
          ]),
        ]
      : []),
    ...(response.wipe ? [el(NS, response.wipe)] : []),
  ]);
}

export const provision: EasCommand<ProvisionRequest, ProvisionResponse> = {
  name: 'Provision',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: false,
  allowedWhenQuarantined: true,
  body: 'wbxml',
  root: { ns: NS, tag: 'Provision' },
  protocolErrorStatus: 2,
  serverErrorStatus: 3,
  parse: (body) => parseProvision(expectRoot(body, NS, 'Provision')),
  handle,
  write,
};
