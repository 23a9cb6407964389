/**
 * The device's own commands in a Sync collection (MS-ASCMD 2.2.3.24.x): Change of read state,
 * flag and categories; Delete, to Deleted Items unless DeletesAsMoves is 0 or the folder is
 * Deleted Items; Fetch of whole items; Add, which email does not take before 16.0 here.
 * Successes need no answer; each failure is reported on its own item (Status 6 or 8, 7 for a
 * Change of an item also changed on the server when the server wins), never by failing the
 * collection. Changes carry the device id as their origin so they are not
 * echoed back; a Delete's move does not, so Deleted Items shows the item to this device too.
 */
import { ItemDelete, ItemMove, ItemUpdate, type Folder } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { isItemId } from '../item-id';
import type { CollectionState } from './collection-state';
import { addElement, fetchItems, itemStatus, type BodyChoices } from './item-window';
import type { ClientCommand, ClientFlag } from './sync-request';

const S = 'AirSync';
const status = (tag: string, idTag: string, id: string, code: number) =>
  el(S, tag, [el(S, idTag, id), el(S, 'Status', String(code))]);

const flagValue = (flag: ClientFlag) => ({
  status: flag.status,
  startDate: flag.startDate ?? null,
  dueDate: flag.dueDate ?? null,
  completeTime: flag.completeTime ?? null,
});

export interface CollectionScope {
  folder: Folder;
  /** Where deleted items go; undefined when the mailbox has none. */
  deletedItemsId?: string;
  deletesAsMoves: boolean;
  bodies: BodyChoices;
  /** Items others changed since the device's state, when the server wins conflicts. */
  serverChanged: ReadonlySet<string>;
}

async function change(
  context: EasContext,
  command: Extract<ClientCommand, { kind: 'change' }>,
  scope: CollectionScope,
): Promise<WbxmlElement | null> {
  const { serverId, read, flag, categories } = command;
  if (!isItemId(serverId)) return status('Change', 'ServerId', serverId, 8);
  // Status 7: the server's version stands and comes to the device with this answer's changes.
  if (scope.serverChanged.has(serverId)) return status('Change', 'ServerId', serverId, 7);
  if (read === undefined && flag === undefined && categories === undefined) return null;
  try {
    await context.bus.request(ItemUpdate, {
      mailbox: context.user.userPrincipalName,
      itemId: serverId,
      read,
      flag: flag && flagValue(flag),
      categories,
      origin: context.device.id,
    });
    return null;
  } catch (error) {
    return status('Change', 'ServerId', serverId, itemStatus(context, error, serverId));
  }
}

async function remove(
  context: EasContext,
  serverId: string,
  scope: CollectionScope,
  state: CollectionState,
): Promise<WbxmlElement | null> {
  if (!isItemId(serverId)) return status('Delete', 'ServerId', serverId, 8);
  const mailbox = context.user.userPrincipalName;
  const toTrash =
    scope.deletesAsMoves && scope.deletedItemsId && scope.deletedItemsId !== scope.folder.id;
  try {
    if (toTrash)
      await context.bus.request(ItemMove, {
        mailbox,
        itemId: serverId,
        toFolderId: scope.deletedItemsId!,
      });
    else
      await context.bus.request(ItemDelete, {
        mailbox,
        itemId: serverId,
        origin: context.device.id,
      });
    state.held.delete(serverId);
    return null;
  } catch (error) {
    const code = itemStatus(context, error, serverId);
    if (code === 8) state.held.delete(serverId);
    return status('Delete', 'ServerId', serverId, code);
  }
}

async function fetch(
  context: EasContext,
  serverIds: string[],
  scope: CollectionScope,
): Promise<WbxmlElement[]> {
  const ids = serverIds.filter(isItemId);
  const items = ids.length ? await fetchItems(context, ids, scope.bodies) : new Map();
  return serverIds.map((id) => {
    const item = items.get(id);
    if (!item || item.folderId !== scope.folder.id) return status('Fetch', 'ServerId', id, 8);
    return addElement(context, item, scope.bodies, 'Fetch') ?? status('Fetch', 'ServerId', id, 6);
  });
}

/** Applies the device's commands; the Responses it needs (failures and Fetches). */
export async function applyClientCommands(
  context: EasContext,
  commands: readonly ClientCommand[],
  scope: CollectionScope,
  state: CollectionState,
): Promise<WbxmlElement[]> {
  const responses: WbxmlElement[] = [];
  const fetches: string[] = [];
  for (const command of commands) {
    let response: WbxmlElement | null = null;
    if (command.kind === 'change') response = await change(context, command, scope);
    else if (command.kind === 'delete')
      response = await remove(context, command.serverId, scope, state);
    else if (command.kind === 'fetch') fetches.push(command.serverId);
    // MS-ASCMD 2.2.3.177.17 Status 6: this server takes no email Add (drafts come with 16.0).
    else response = status('Add', 'ClientId', command.clientId, 6);
    if (response) responses.push(response);
  }
  if (fetches.length) responses.push(...(await fetch(context, fetches, scope)));
  return responses;
}
