/**
 * Settings (MS-ASCMD 2.2.1.18): out of office (Get/Set, kept by the mailbox role), the device's
 * information and recovery password (kept on the directory's device object), the user's
 * addresses (and, from 14.1, the account), and rights management, which this server does not
 * offer: its Get is answered with no templates. Each part carries its own Status
 * (2.2.3.177.13): 1 success, 2 protocol error, 5 invalid arguments, 7 denied by policy; a
 * request that is not a Settings request at all gets the top-level Status 2.
 */
import { DeviceRecoveryPasswordSet, MailboxShow, OofGet, OofSet } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import {
  children,
  childText,
  EasProtocolError,
  expectRoot,
  type EasCommand,
  type EasContext,
} from '../command';
import { atLeast, versionsFrom } from '../protocol';
import { deviceInformation, type DeviceInformation } from '../provisioning/provision-request';
import { oofGetElement, parseOof, type OofRequest } from '../settings/oof';

const NS = 'Settings';

export const SETTINGS_STATUS = {
  success: 1,
  protocolError: 2,
  serverError: 4,
  invalidArguments: 5,
  deniedByPolicy: 7,
} as const;

/** Settings Password is at most 255 characters (Settings.xsd). */
const MAX_PASSWORD = 255;

export interface SettingsRequest {
  oof?: OofRequest;
  devicePassword?: string;
  deviceInformation?: DeviceInformation;
  userInformation?: boolean;
  rightsManagement?: boolean;
}

interface Part {
  status: number;
  get?: WbxmlElement;
}
export interface SettingsResponse {
  rightsManagement?: Part;
  oof?: Part;
  devicePassword?: Part;
  deviceInformation?: Part;
  userInformation?: Part;
}

/** The one Get or Set child a part must have. */
function operation(part: WbxmlElement, tag: 'Get' | 'Set'): WbxmlElement {
  const found = children(part).find((c) => c.tag === tag);
  if (!found) throw new EasProtocolError(`${part.tag} needs a ${tag}`);
  return found;
}

function parse(body: WbxmlElement | Buffer | null): SettingsRequest {
  const root = expectRoot(body, NS, 'Settings');
  const part = (tag: string) => children(root).find((c) => c.tag === tag);
  const request: SettingsRequest = {};
  const oof = part('Oof');
  if (oof) request.oof = parseOof(oof);
  const password = part('DevicePassword');
  if (password) {
    const text = childText(operation(password, 'Set'), 'Password');
    if (text === undefined) throw new EasProtocolError('DevicePassword Set needs a Password');
    request.devicePassword = text;
  }
  if (part('DeviceInformation')) request.deviceInformation = deviceInformation(root) ?? {};
  // Both are Get-only: the Get must be there, it carries nothing.
  const user = part('UserInformation');
  if (user) request.userInformation = Boolean(operation(user, 'Get'));
  const rights = part('RightsManagementInformation');
  if (rights) request.rightsManagement = Boolean(operation(rights, 'Get'));
  if (Object.keys(request).length === 0) throw new EasProtocolError('Settings asks for nothing');
  return request;
}

async function oofPart(request: OofRequest, context: EasContext): Promise<Part> {
  const mailbox = context.user.userPrincipalName;
  if (request.kind === 'invalid') {
    context.log.info({ mailbox, reason: request.reason }, 'Oof Set refused');
    return { status: SETTINGS_STATUS.invalidArguments };
  }
  if (request.kind === 'set') {
    await context.bus.request(OofSet, { mailbox, ...request.change });
    return { status: SETTINGS_STATUS.success };
  }
  const settings = await context.bus.request(OofGet, { mailbox });
  return { status: SETTINGS_STATUS.success, get: oofGetElement(settings, request.bodyType) };
}

async function devicePasswordPart(password: string, context: EasContext): Promise<Part> {
  if (!context.policy.settings.PasswordRecoveryEnabled)
    return { status: SETTINGS_STATUS.deniedByPolicy };
  if (password.length === 0 || password.length > MAX_PASSWORD)
    return { status: SETTINGS_STATUS.invalidArguments };
  await context.bus.request(DeviceRecoveryPasswordSet, {
    user: context.user.userPrincipalName,
    deviceId: context.device.id,
    password,
  });
  return { status: SETTINGS_STATUS.success };
}

async function deviceInformationPart(
  information: DeviceInformation,
  context: EasContext,
): Promise<Part> {
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
  return { status: SETTINGS_STATUS.success };
}

/** The user's SMTP addresses; from 14.1 inside an Account with the primary one named. */
async function userInformationPart(context: EasContext): Promise<Part> {
  const user = await context.bus.request(MailboxShow, {
    address: context.user.userPrincipalName,
  });
  const addresses = user.proxyAddresses
    .filter((p) => /^smtp:/i.test(p))
    .map((p) => el(NS, 'SMTPAddress', p.slice(5)));
  if (!atLeast(context.version, '14.1'))
    return { status: 1, get: el(NS, 'Get', [el(NS, 'EmailAddresses', addresses)]) };
  const account = el(NS, 'Account', [
    el(NS, 'UserDisplayName', user.displayName),
    el(NS, 'EmailAddresses', [...addresses, el(NS, 'PrimarySmtpAddress', user.primarySmtpAddress)]),
  ]);
  return { status: 1, get: el(NS, 'Get', [el(NS, 'Accounts', [account])]) };
}

async function handle(request: SettingsRequest, context: EasContext): Promise<SettingsResponse> {
  const response: SettingsResponse = {};
  if (request.rightsManagement) response.rightsManagement = { status: 1 };
  if (request.oof) response.oof = await oofPart(request.oof, context);
  if (request.devicePassword !== undefined)
    response.devicePassword = await devicePasswordPart(request.devicePassword, context);
  if (request.deviceInformation)
    response.deviceInformation = await deviceInformationPart(request.deviceInformation, context);
  if (request.userInformation) response.userInformation = await userInformationPart(context);
  return response;
}

function partElement(tag: string, part: Part | undefined): WbxmlElement[] {
  if (!part) return [];
  return [el(NS, tag, [el(NS, 'Status', String(part.status)), ...(part.get ? [part.get] : [])])];
}

function write(response: SettingsResponse): WbxmlElement {
  return el(NS, 'Settings', [
    el(NS, 'Status', '1'),
    ...(response.rightsManagement
      ? [
          el(NS, 'RightsManagementInformation', [
            el(NS, 'Status', '1'),
            // No rights management here: no templates to offer (MS-ASRM 2.2.2.15).
            el(NS, 'Get', [el('RightsManagement', 'RightsManagementTemplates', null)]),
          ]),
        ]
      : []),
    ...partElement('Oof', response.oof),
    ...partElement('DevicePassword', response.devicePassword),
    ...partElement('DeviceInformation', response.deviceInformation),
    ...partElement('UserInformation', response.userInformation),
  ]);
}

export const settings: EasCommand<SettingsRequest, SettingsResponse> = {
  name: 'Settings',
  versions: versionsFrom('12.0'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'Settings' },
  protocolErrorStatus: SETTINGS_STATUS.protocolError,
  serverErrorStatus: SETTINGS_STATUS.serverError,
  parse,
  handle,
  write,
};
