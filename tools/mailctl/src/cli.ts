/** What each group of mailctl commands gets: the program, a runner with the API, list printing. */
import { CommanderError, type Command } from 'commander';
import type { Printer } from './output';

export type Api = (method: string, path: string, body?: unknown) => Promise<unknown>;

export interface Cli {
  program: Command;
  /** Wraps an action: signs in with the connection options, gives it the API and a printer. */
  run: (work: (api: Api, print: Printer) => Promise<void>) => () => Promise<void>;
  /** A list answer: the whole answer as JSON (totals included), or its rows as a table. */
  printList: (print: Printer, answer: unknown, key: string, columns: string[]) => void;
}

export const enc = encodeURIComponent;
export const collect = (value: string, previous: string[] = []) => [...previous, value];
export const integer = (value: string) => {
  if (!/^\d+$/.test(value))
    throw new CommanderError(2, 'mailctl.usage', `not a whole number: ${value}`);
  return Number(value);
};
export const query = (params: Record<string, unknown>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined);
  return entries.length
    ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]))}`
    : '';
};
