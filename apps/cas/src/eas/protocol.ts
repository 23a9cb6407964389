/** Facts of MS-ASHTTP that the whole EAS front door shares. */
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '@mail/policy';

export type { ProtocolVersion };

export const EAS_PATH = '/Microsoft-Server-ActiveSync';

/** Protocol versions this server speaks (MS-ASHTTP 2.2.4, MS-ASProtocolVersions), oldest first. */
export const EAS_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS;

/** Value of the MS-Server-ActiveSync header: the server's build, as Exchange reports its own. */
export const SERVER_VERSION = '16.1';

/** Seconds a device should wait before retrying when a role behind CAS is unreachable. */
export const RETRY_AFTER_SECONDS = 30;

export const WBXML_CONTENT_TYPE = 'application/vnd.ms-sync.wbxml';

/** MS-ASHTTP 2.2.1.1.1.1.2: command codes of the base64-encoded query. */
export const COMMAND_CODES = {
  Sync: 0,
  SendMail: 1,
  SmartForward: 2,
  SmartReply: 3,
  GetAttachment: 4,
  FolderSync: 9,
  FolderCreate: 10,
  FolderDelete: 11,
  FolderUpdate: 12,
  MoveItems: 13,
  GetItemEstimate: 14,
  MeetingResponse: 15,
  Search: 16,
  Settings: 17,
  Ping: 18,
  ItemOperations: 19,
  Provision: 20,
  ResolveRecipients: 21,
  ValidateCert: 22,
  Find: 23,
} as const;
export type EasCommandName = keyof typeof COMMAND_CODES;

export const COMMAND_NAMES = Object.keys(COMMAND_CODES) as EasCommandName[];

/** The spelling of the spec for a command name a device sent in any letter case. */
export function commandName(text: string): EasCommandName | undefined {
  const lower = text.toLowerCase();
  return COMMAND_NAMES.find((name) => name.toLowerCase() === lower);
}

export function commandOfCode(code: number): EasCommandName | undefined {
  return COMMAND_NAMES.find((name) => COMMAND_CODES[name] === code);
}

/** MS-ASHTTP 2.2.1.1.1.1.3: tags of command parameters in the base64-encoded query. */
export const PARAMETER_TAGS: Readonly<Record<number, string>> = {
  0: 'AttachmentName',
  1: 'CollectionId',
  2: 'CollectionName',
  3: 'ItemId',
  4: 'LongId',
  5: 'ParentId',
  6: 'Occurrence',
  7: 'Options',
  8: 'User',
};

/** Option bits of the Options parameter (tag 7), with the plain-query parameter each stands for. */
export const OPTION_FLAGS = { SaveInSent: 0x01, AcceptMultiPart: 0x02 } as const;

const rank = (version: ProtocolVersion) => EAS_PROTOCOL_VERSIONS.indexOf(version);

/** Whether `version` is `floor` or later. */
export function atLeast(version: ProtocolVersion, floor: ProtocolVersion): boolean {
  return rank(version) >= rank(floor);
}

/** Versions from `first` on: what most commands' version tables say. */
export function versionsFrom(first: ProtocolVersion): readonly ProtocolVersion[] {
  return EAS_PROTOCOL_VERSIONS.slice(rank(first));
}

export function isProtocolVersion(text: string): text is ProtocolVersion {
  return (EAS_PROTOCOL_VERSIONS as readonly string[]).includes(text);
}
