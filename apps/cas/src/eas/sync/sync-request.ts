/**
 * The Sync request (MS-ASCMD 2.2.1.21) as typed values: per collection its SyncKey, options
 * and the device's own commands (Change, Delete, Fetch; Add of email is refused per item), and
 * the request's Wait / HeartbeatInterval / WindowSize / Partial. Everything a device sends is
 * bounded here; a malformed request is an EasProtocolError (Sync Status 4).
 */
import type { WbxmlElement } from '@mail/wbxml';
import { children, childText, EasProtocolError } from '../command';
import { readEmailOptions, type EmailOptions } from '../email/email-options';

const S = 'AirSync';

/** More collections than a mailbox has folders is not a real device. */
export const MAX_SYNC_COLLECTIONS = 100;
/** Commands in one collection of one request: the largest WindowSize. */
export const MAX_CLIENT_COMMANDS = 512;
/** MS-ASCMD 2.2.3.199: WindowSize 1-512; a larger one is treated as 512. */
export const MAX_WINDOW_SIZE = 512;
export const DEFAULT_WINDOW_SIZE = 100;

export interface ClientFlag {
  status: 0 | 1 | 2;
  startDate?: string | null;
  dueDate?: string | null;
  completeTime?: string | null;
}

export type ClientCommand =
  | {
      kind: 'change';
      serverId: string;
      read?: boolean;
      flag?: ClientFlag;
      categories?: string[];
    }
  | { kind: 'delete'; serverId: string }
  | { kind: 'fetch'; serverId: string }
  | { kind: 'add'; clientId: string };

/** What a collection's options say; kept with the device's last full request. */
export interface CollectionOptions {
  filterType: number;
  email: EmailOptions;
  deletesAsMoves: boolean;
  getChanges: boolean;
  /** MS-ASCMD 2.2.3.34 Conflict: which side wins when both changed an item; 1, the server, by default. */
  serverWins: boolean;
  windowSize: number;
}

export interface SyncCollectionRequest {
  collectionId: string;
  /** Absent only in a Partial or empty request's remembered collections. */
  syncKey?: string;
  /** Only what this request gave; the rest comes from the last full request. */
  options: Partial<CollectionOptions>;
  commands: ClientCommand[];
}

export interface SyncRequest {
  /** No body at all: the last full request again (MS-ASCMD 3.1.5.3). */
  empty: boolean;
  partial: boolean;
  collections: SyncCollectionRequest[];
  /** Seconds to hold the request when nothing changed (Wait is given in minutes). */
  waitSeconds?: number;
  /** Which element gave the hold: its Limit reply differs (14 with Limit in its unit). */
  holdBy?: 'Wait' | 'HeartbeatInterval';
  windowSize?: number;
}

const ID = /^[\x21-\x7e]{1,64}$/;

function id(text: string | undefined, what: string): string {
  if (text === undefined || !ID.test(text))
    throw new EasProtocolError(`${what} must be 1 to 64 visible ASCII characters`);
  return text;
}

function bounded(text: string | undefined, what: string, min: number, max: number) {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text)) throw new EasProtocolError(`${what} must be an integer`);
  const value = Number(text);
  if (value < min || value > max)
    throw new EasProtocolError(`${what} must be from ${min} to ${max}`);
  return value;
}

const bit = (text: string | undefined, what: string) => {
  const value = bounded(text, what, 0, 1);
  return value === undefined ? undefined : value === 1;
};

/** A Window Size larger than 512 is read as 512 (MS-ASCMD 2.2.3.199.2). */
function windowSize(text: string | undefined): number | undefined {
  const value = bounded(text, 'WindowSize', 0, 4_294_967_295);
  if (value === undefined) return undefined;
  if (value === 0) throw new EasProtocolError('WindowSize must be at least 1');
  return Math.min(value, MAX_WINDOW_SIZE);
}

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
function date(element: WbxmlElement, tag: string): string | undefined {
  const text = childText(element, tag);
  if (text === undefined) return undefined;
  if (!DATE.test(text) || Number.isNaN(Date.parse(text)))
    throw new EasProtocolError(`Flag/${tag} must be a UTC date-time`);
  return new Date(text).toISOString();
}

function clientFlag(flag: WbxmlElement): ClientFlag {
  const status = bounded(childText(flag, 'Status'), 'Flag/Status', 0, 2) ?? 0;
  if (flag.content === null || status === 0) return { status: 0 };
  return {
    status: status as 1 | 2,
    startDate: date(flag, 'UtcStartDate') ?? date(flag, 'StartDate'),
    dueDate: date(flag, 'UtcDueDate') ?? date(flag, 'DueDate'),
    completeTime: date(flag, 'CompleteTime') ?? date(flag, 'DateCompleted'),
  };
}

function change(command: WbxmlElement): ClientCommand {
  const serverId = id(childText(command, 'ServerId'), 'Change/ServerId');
  const data = children(command).find((c) => c.tag === 'ApplicationData');
  if (!data) throw new EasProtocolError('Change needs ApplicationData');
  const flag = children(data).find((c) => c.ns === 'Email' && c.tag === 'Flag');
  const categories = children(data).find((c) => c.ns === 'Email' && c.tag === 'Categories');
  const names = categories ? children(categories).map((c) => c.content) : undefined;
  if (names && (names.length > 300 || names.some((n) => typeof n !== 'string' || n.length > 255)))
    throw new EasProtocolError('Categories: at most 300 Category texts of 255 characters');
  return {
    kind: 'change',
    serverId,
    read: bit(childText(data, 'Read'), 'Read'),
    flag: flag ? clientFlag(flag) : undefined,
    categories: names as string[] | undefined,
  };
}

function command(element: WbxmlElement): ClientCommand {
  switch (element.tag) {
    case 'Change':
      return change(element);
    case 'Delete':
      return { kind: 'delete', serverId: id(childText(element, 'ServerId'), 'Delete/ServerId') };
    case 'Fetch':
      return { kind: 'fetch', serverId: id(childText(element, 'ServerId'), 'Fetch/ServerId') };
    case 'Add':
      return { kind: 'add', clientId: id(childText(element, 'ClientId'), 'Add/ClientId') };
    default:
      throw new EasProtocolError(`Commands may not hold ${element.tag}`);
  }
}

/** Email FilterType 0-5 (MS-ASCMD 2.2.3.70.2); 6-8 are for calendars and tasks. */
const MAX_EMAIL_FILTER = 5;

function collection(element: WbxmlElement): SyncCollectionRequest {
  const collectionId = id(childText(element, 'CollectionId'), 'CollectionId');
  const syncKey = childText(element, 'SyncKey');
  if (syncKey !== undefined && syncKey.length > 64)
    throw new EasProtocolError('SyncKey must be at most 64 characters');
  const options = children(element).filter((c) => c.tag === 'Options');
  // 2.5 devices may send one Options per class; the email one has no Class or Class Email.
  const emailOptions = options.find((o) => (childText(o, 'Class') ?? 'Email') === 'Email');
  const filterText = emailOptions && childText(emailOptions, 'FilterType');
  const given: Partial<CollectionOptions> = {};
  if (emailOptions) {
    given.email = readEmailOptions(emailOptions);
    given.filterType = bounded(filterText, 'FilterType', 0, 8) ?? 0;
    const conflict = bit(childText(emailOptions, 'Conflict'), 'Conflict');
    if (conflict !== undefined) given.serverWins = conflict;
  }
  const deletesAsMoves = bit(childText(element, 'DeletesAsMoves'), 'DeletesAsMoves');
  if (deletesAsMoves !== undefined) given.deletesAsMoves = deletesAsMoves;
  const getChanges = bit(childText(element, 'GetChanges'), 'GetChanges');
  if (getChanges !== undefined) given.getChanges = getChanges;
  const size = windowSize(childText(element, 'WindowSize'));
  if (size !== undefined) given.windowSize = size;
  const commands = children(children(element).find((c) => c.tag === 'Commands') ?? nothing);
  if (commands.length > MAX_CLIENT_COMMANDS)
    throw new EasProtocolError(`at most ${MAX_CLIENT_COMMANDS} commands per collection`);
  return { collectionId, syncKey, options: given, commands: commands.map(command) };
}

const nothing: WbxmlElement = { ns: S, tag: 'Commands', content: null };

/** The filter of the email class; larger values are a malformed request for a mail folder. */
export function emailFilterType(value: number): number {
  if (value > MAX_EMAIL_FILTER) throw new EasProtocolError(`FilterType ${value} is not for email`);
  return value;
}

export function readSyncRequest(body: WbxmlElement | Buffer | null): SyncRequest {
  if (body === null) return { empty: true, partial: false, collections: [] };
  if (Buffer.isBuffer(body) || body.ns !== S || body.tag !== 'Sync')
    throw new EasProtocolError('the request must be an AirSync:Sync element');
  const list = children(children(body).find((c) => c.tag === 'Collections') ?? nothing);
  if (list.length > MAX_SYNC_COLLECTIONS)
    throw new EasProtocolError(`at most ${MAX_SYNC_COLLECTIONS} collections`);
  const wait = childText(body, 'Wait');
  const heartbeat = childText(body, 'HeartbeatInterval');
  if (wait !== undefined && heartbeat !== undefined)
    throw new EasProtocolError('Wait and HeartbeatInterval cannot both be given');
  const number = (text: string, what: string) => bounded(text, what, 0, 4_294_967_295)!;
  const request: SyncRequest = {
    empty: false,
    partial: childText(body, 'Partial') !== undefined,
    collections: list.map((c) => {
      if (c.tag !== 'Collection') throw new EasProtocolError('Collections holds Collection only');
      return collection(c);
    }),
    windowSize: windowSize(childText(body, 'WindowSize')),
  };
  if (wait !== undefined) {
    request.waitSeconds = number(wait, 'Wait') * 60;
    request.holdBy = 'Wait';
  } else if (heartbeat !== undefined) {
    request.waitSeconds = number(heartbeat, 'HeartbeatInterval');
    request.holdBy = 'HeartbeatInterval';
  }
  return request;
}
