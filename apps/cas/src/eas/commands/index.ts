/**
 * The EAS command registry: every command this server implements, once. The gate finds a
 * request's command here, OPTIONS lists these names, and nothing else needs to change to add
 * one (see command.ts for what a command declares).
 */
import type { EasCommand } from '../command';
import type { EasCommandName } from '../protocol';
import { folderCreate } from './folder-create';
import { folderDelete } from './folder-delete';
import { folderSync } from './folder-sync';
import { folderUpdate } from './folder-update';
import { ping } from './ping';
import { getAttachment } from './get-attachment';
import { itemOperations } from './item-operations';
import { provision } from './provision';
import { sendMail } from './send-mail';
import { smartForward } from './smart-forward';
import { smartReply } from './smart-reply';
import { sync } from './sync';
import { getItemEstimate } from './get-item-estimate';
import { moveItems } from './move-items';
import { search } from './search';
import { find } from './find';
import { resolveRecipients } from './resolve-recipients';
import { settings } from './settings';
import { validateCert } from './validate-cert';

export const EAS_COMMANDS: readonly EasCommand[] = [
  provision,
  folderSync,
  folderCreate,
  folderUpdate,
  folderDelete,
  sync,
  getItemEstimate,
  moveItems,
  ping,
  settings,
  validateCert,
  search,
  find,
  resolveRecipients,
  sendMail,
  smartReply,
  smartForward,
  itemOperations,
  getAttachment,
] as readonly EasCommand[];

const byName = new Map<string, EasCommand>(EAS_COMMANDS.map((c) => [c.name, c]));

export function registeredCommand(name: EasCommandName): EasCommand | undefined {
  return byName.get(name);
}
