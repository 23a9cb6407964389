/** Every group of mailctl commands, registered in this order (the order of `mailctl --help`). */
import type { Cli } from '../cli';
import { registerRecipientCommands } from './recipients';

export const COMMANDS: Array<(cli: Cli) => void> = [registerRecipientCommands];
