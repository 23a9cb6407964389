/** Every group of mailctl commands, registered in this order (the order of `mailctl --help`). */
import type { Cli } from '../cli';
import { registerDeviceCommands } from './devices';
import { registerOrgConfigCommands } from './org-config';
import { registerPolicyCommands } from './policies';
import { registerQueueCommands } from './queue';
import { registerRecipientCommands } from './recipients';

export const COMMANDS: Array<(cli: Cli) => void> = [
  registerRecipientCommands,
  registerDeviceCommands,
  registerPolicyCommands,
  registerOrgConfigCommands,
  registerQueueCommands,
];
