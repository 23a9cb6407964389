/**
 * mailctl: the administrator's command line over the admin API (`/api` on CAS).
 * Connection from flags or MAILCTL_SERVER / MAILCTL_USER / MAILCTL_PASSWORD / MAILCTL_INSECURE /
 * MAILCTL_CA. Exit codes: 0 done, 1 the server refused (the message says why), 2 usage,
 * 3 the server could not be reached or verified.
 */
import { Command, CommanderError } from 'commander';
import type { Cli } from './cli';
import { COMMANDS } from './commands';
import { ApiError, ConnectionError, call, type Connection } from './client';
import { printer, type Printer } from './output';

export interface Io {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function buildProgram(io: Io): Command {
  const program = new Command('mailctl')
    .description('Administer the mail platform: domains, mailboxes, groups, contacts')
    .enablePositionalOptions()
    .option(
      '--server <url>',
      'admin API address (env MAILCTL_SERVER)',
      io.env.MAILCTL_SERVER ?? 'https://localhost:8443',
    )
    .option('--user <name>', 'administrator sign-in name (env MAILCTL_USER)', io.env.MAILCTL_USER)
    .option(
      '--password <password>',
      'administrator password (env MAILCTL_PASSWORD)',
      io.env.MAILCTL_PASSWORD,
    )
    .option(
      '--ca <file>',
      "PEM file to verify the server's certificate with (env MAILCTL_CA)",
      io.env.MAILCTL_CA,
    )
    .option(
      '--insecure',
      "do not verify the server's certificate (env MAILCTL_INSECURE=1)",
      io.env.MAILCTL_INSECURE === '1',
    )
    .option('--json', 'print answers as JSON', false)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const run =
    (
      work: (
        api: (method: string, path: string, body?: unknown) => Promise<unknown>,
        print: Printer,
      ) => Promise<void>,
    ) =>
    async () => {
      const options = program.opts<{
        server: string;
        user?: string;
        password?: string;
        ca?: string;
        insecure: boolean;
        json: boolean;
      }>();
      if (!options.user || options.password === undefined) {
        throw new CommanderError(
          2,
          'mailctl.usage',
          'error: sign in with --user and --password (or MAILCTL_USER and MAILCTL_PASSWORD)',
        );
      }
      if (options.insecure) io.err('warning: not verifying the server certificate (--insecure)\n');
      const connection: Connection = {
        server: options.server,
        user: options.user,
        password: options.password,
        insecure: options.insecure,
        caFile: options.ca,
      };
      await work(
        (method, path, body) => call(connection, method, path, body),
        printer(options.json, io.out),
      );
    };

  /** A list answer: the whole answer as JSON (totals included), or its rows as a table. */
  const printList = (print: Printer, answer: unknown, key: string, columns: string[]) =>
    program.opts().json ? print(answer) : print((answer as Record<string, unknown>)[key], columns);

  const cli: Cli = { program, run, printList };
  for (const register of COMMANDS) register(cli);

  for (const command of [program, ...program.commands])
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs mailctl with `argv` (without node and script); resolves with the exit code. */
export async function mailctl(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ApiError) {
      io.err(`error: ${error.message} (${error.status} ${error.code})\n`);
      return 1;
    }
    if (error instanceof ConnectionError) {
      io.err(`error: ${error.message}\n`);
      return 3;
    }
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      if (error.code === 'mailctl.usage') io.err(`${error.message}\n`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The process entry: real arguments, environment and streams. */
export function runCli(): void {
  void mailctl(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runCli();
