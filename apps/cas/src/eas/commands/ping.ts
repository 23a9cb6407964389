/**
 * Ping (MS-ASCMD 2.2.1.13, Direct Push): holds the request until one of the listed folders
 * changes (Status 2 with those folders), or HeartbeatInterval seconds pass (Status 1). The
 * server remembers HeartbeatInterval and Folders per device (3.1.5.8): a Ping may leave either
 * out, or send no body at all. Statuses (2.2.3.177.11): 3 nothing remembered to fill a gap,
 * 4 malformed request, 5 HeartbeatInterval outside the configured bounds (with the bound),
 * 6 more folders than MaxFolders (with MaxFolders), 7 the device must FolderSync first (a
 * folder it names is unknown, or the hierarchy changed since it last synced it, or while it
 * waited), 8 server error. A newer Ping from the same device ends the older one with Status 1.
 *
 * A Ping does not wait for news the device already missed (3.1.5.8: what to report follows the
 * last SyncKey returned to it): when a watched folder changed after the device's last Sync (mail
 * delivered between that answer and this Ping), Status 2 names it at once.
 */
import { SyncStateBehind } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import {
  EasProtocolError,
  children,
  childText,
  expectRoot,
  type EasCommand,
  type EasContext,
} from '../command';
import { EAS_LIMITS } from '../limits';
import { versionsFrom } from '../protocol';
import type { PingFolder, PingParameters } from '../push/ping-parameters';
import { holderOf } from '../push/push-watch';

const NS = 'Ping';

export const PING_STATUS = {
  expired: 1,
  changes: 2,
  missingParameters: 3,
  badRequest: 4,
  heartbeatOutOfRange: 5,
  tooManyFolders: 6,
  hierarchySyncRequired: 7,
  serverError: 8,
} as const;

/** MS-ASCMD 2.2.3.27.4: the content classes a Ping may watch. */
const CLASSES = new Set(['Email', 'Calendar', 'Contacts', 'Tasks', 'Notes', 'SMS']);
/** A folder's ServerId as a device sends it back: visible ASCII, at most 64 characters. */
const SERVER_ID = /^[\x21-\x7e]{1,64}$/;

export type PingRequest = PingParameters;

export type PingResponse =
  | { status: 1 | 3 | 7 }
  | { status: 2; folderIds: readonly string[] }
  | { status: 5; heartbeatInterval: number }
  | { status: 6; maxFolders: number };

function parseFolder(folder: WbxmlElement): PingFolder {
  if (folder.tag !== 'Folder') throw new EasProtocolError(`Folders holds ${folder.tag}`);
  const id = childText(folder, 'Id');
  const type = childText(folder, 'Class');
  if (id === undefined || !SERVER_ID.test(id))
    throw new EasProtocolError('a Folder needs an Id of 1 to 64 visible characters');
  if (type === undefined || !CLASSES.has(type))
    throw new EasProtocolError(`a Folder needs a Class among ${[...CLASSES].join(', ')}`);
  return { id, class: type };
}

function parse(body: WbxmlElement | Buffer | null): PingRequest {
  if (body === null) return {};
  const ping = expectRoot(body, NS, 'Ping');
  const interval = childText(ping, 'HeartbeatInterval');
  const folders = children(ping).find((c) => c.tag === 'Folders');
  if (interval === undefined && folders === undefined)
    throw new EasProtocolError('Ping needs HeartbeatInterval, Folders or both');
  if (interval !== undefined && !/^[0-9]{1,9}$/.test(interval))
    throw new EasProtocolError('HeartbeatInterval must be a number of seconds');
  const listed = folders && children(folders).map(parseFolder);
  if (listed?.length === 0) throw new EasProtocolError('Folders must hold a Folder');
  // Set one by one, not spread: spreads gave each held Ping's request a hidden class of its own.
  const request: { heartbeatInterval?: number; folders?: PingFolder[] } = {};
  if (interval !== undefined) request.heartbeatInterval = Number(interval);
  if (listed) request.folders = [...new Map(listed.map((f) => [f.id, f])).values()];
  return request;
}

/** Whether the device's folder hierarchy is current and holds every folder it names. */
async function hierarchyCurrent(context: EasContext, folders: readonly PingFolder[]) {
  const { hierarchy } = context.services;
  const mailbox = context.user.userPrincipalName;
  const [list, device] = await Promise.all([
    hierarchy.folders(mailbox),
    hierarchy.generations(mailbox, context.device.id),
  ]);
  const known = new Set(list.folders.map((f) => f.id));
  if (!folders.every((f) => known.has(f.id))) return false;
  // The hierarchy the device last received: its pending key's, or the one last found current.
  const seen = Math.max(
    device.verifiedChangeNumber,
    device.generations.pending?.state.changeNumber ?? -1,
  );
  return seen >= list.hierarchyChangeNumber;
}

/**
 * The folders, of those watched, with changes the device was not sent yet: in its order. The
 * mailbox is asked about those not quiet since a Sync of the device gave it all their changes.
 */
async function behind(context: EasContext, folderIds: readonly string[]) {
  const mailbox = context.user.userPrincipalName;
  const holder = holderOf(mailbox, context.device.id);
  const { quiet } = context.services.pushWatch;
  const asked = folderIds.filter((id) => !quiet.quiet(mailbox, holder, id));
  if (asked.length === 0) return [];
  try {
    const reply = await context.bus.request(SyncStateBehind, {
      mailbox,
      deviceId: context.device.id,
      collectionIds: asked,
    });
    const changed = new Set(reply.collectionIds);
    return asked.filter((id) => changed.has(id));
  } catch (error) {
    // The answer only spares the device a heartbeat's wait: without it, the Ping waits.
    if (!(error instanceof BusError) || !error.temporary) throw error;
    context.log.warn({ reason: error.message }, 'Ping: missed changes unknown; waiting');
    return [];
  }
}

/**
 * What to answer before waiting, if anything: 7 when the hierarchy is not current, 2 with the
 * folders the device is behind on. Both questions go out together.
 */
async function answerNow(
  context: EasContext,
  folders: readonly PingFolder[],
): Promise<PingResponse | undefined> {
  const folderIds = folders.map((f) => f.id);
  const [current, missed] = await Promise.all([
    hierarchyCurrent(context, folders),
    behind(context, folderIds),
  ]);
  if (!current) return { status: PING_STATUS.hierarchySyncRequired };
  if (missed.length > 0) return { status: PING_STATUS.changes, folderIds: missed };
  return undefined;
}

async function handle(request: PingRequest, context: EasContext): Promise<PingResponse> {
  const { config, pingParameters, pushWatch } = context.services;
  const user = context.user.userPrincipalName;
  const remembered = pingParameters.get(user, context.device.id);
  const heartbeatInterval = request.heartbeatInterval ?? remembered?.heartbeatInterval;
  const folders = request.folders ?? remembered?.folders;
  if (heartbeatInterval === undefined || folders === undefined)
    return { status: PING_STATUS.missingParameters };
  if (heartbeatInterval < config.heartbeatMinSeconds)
    return {
      status: PING_STATUS.heartbeatOutOfRange,
      heartbeatInterval: config.heartbeatMinSeconds,
    };
  if (heartbeatInterval > config.heartbeatMaxSeconds)
    return {
      status: PING_STATUS.heartbeatOutOfRange,
      heartbeatInterval: config.heartbeatMaxSeconds,
    };
  if (folders.length > config.pingMaxFolders)
    return { status: PING_STATUS.tooManyFolders, maxFolders: config.pingMaxFolders };
  pingParameters.remember(user, context.device.id, { heartbeatInterval, folders });

  // Watching before looking: a change committed while the mailbox answers still ends the wait.
  const looked = await pushWatch.lookThenWait(
    {
      mailbox: user,
      folderIds: folders.map((f) => f.id),
      timeoutMs: heartbeatInterval * 1000,
      holder: holderOf(user, context.device.id),
      whenGone: context.whenGone,
    },
    () => answerNow(context, folders),
  );
  if ('found' in looked) return looked.found;
  const { outcome } = looked;
  switch (outcome.reason) {
    case 'changed':
      return { status: PING_STATUS.changes, folderIds: outcome.folderIds };
    case 'hierarchy-changed':
      return { status: PING_STATUS.hierarchySyncRequired };
    default:
      // Timed out, or ended by a newer Ping of the device (or the device left): nothing changed.
      return { status: PING_STATUS.expired };
  }
}

function write(response: PingResponse): WbxmlElement {
  const status = el(NS, 'Status', String(response.status));
  if ('folderIds' in response)
    return el(NS, 'Ping', [
      status,
      el(
        NS,
        'Folders',
        response.folderIds.map((id) => el(NS, 'Folder', id)),
      ),
    ]);
  if ('maxFolders' in response)
    return el(NS, 'Ping', [status, el(NS, 'MaxFolders', String(response.maxFolders))]);
  if ('heartbeatInterval' in response)
    return el(NS, 'Ping', [
      status,
      el(NS, 'HeartbeatInterval', String(response.heartbeatInterval)),
    ]);
  return el(NS, 'Ping', [status]);
}

export const ping: EasCommand<PingRequest, PingResponse> = {
  name: 'Ping',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  maxBodyBytes: EAS_LIMITS.ping.maxBodyBytes,
  root: { ns: NS, tag: 'Ping' },
  protocolErrorStatus: PING_STATUS.badRequest,
  serverErrorStatus: PING_STATUS.serverError,
  successStatuses: [PING_STATUS.expired, PING_STATUS.changes],
  parse,
  handle,
  write,
};
