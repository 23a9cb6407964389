/**
 * mailctl: the administrator's command line over the admin API (`/api` on CAS).
 * Connection from flags or MAILCTL_SERVER / MAILCTL_USER / MAILCTL_PASSWORD / MAILCTL_INSECURE /
 * MAILCTL_CA. Exit codes: 0 done, 1 the server refused (the message says why), 2 usage,
 * 3 the server could not be reached or verified.
 */
import { Command, CommanderError, Option } from 'commander';
import { ApiError, ConnectionError, call, type Connection } from './client';
import { printer, type Printer } from './output';

export interface Io {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

const PERSON_OPTIONS: Array<[flag: string, field: string, what: string]> = [
  ['--given-name <name>', 'givenName', 'given name'],
  ['--surname <name>', 'surname', 'surname'],
  ['--title <title>', 'title', 'job title'],
  ['--department <name>', 'department', 'department'],
  ['--office <name>', 'office', 'office'],
  ['--business-phone <number>', 'businessPhone', 'business phone number'],
  ['--mobile-phone <number>', 'mobilePhone', 'mobile phone number'],
  ['--home-phone <number>', 'homePhone', 'home phone number'],
];

const MAILBOX_COLUMNS = [
  'primarySmtpAddress',
  'displayName',
  'easEnabled',
  'isAdmin',
  'accountDisabled',
];
const enc = encodeURIComponent;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const integer = (value: string) => {
  if (!/^\d+$/.test(value))
    throw new CommanderError(2, 'mailctl.usage', `not a whole number: ${value}`);
  return Number(value);
};
const query = (params: Record<string, unknown>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as Array<
    [string, string]
  >;
  return entries.length
    ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]))}`
    : '';
};
const person = (options: Record<string, unknown>) =>
  Object.fromEntries(
    PERSON_OPTIONS.map(([, field]) => [field, options[field]]).filter(([, v]) => v !== undefined),
  );

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

  const domain = program.command('domain').description('accepted domains');
  domain
    .command('add <name>')
    .addOption(
      new Option('--type <type>', 'accepted domain type')
        .choices(['Authoritative', 'InternalRelay', 'ExternalRelay'])
        .default('Authoritative'),
    )
    .action((name: string, o: { type: string }) =>
      run(async (api, print) =>
        print(await api('POST', '/domains', { name, domainType: o.type })),
      )(),
    );
  domain
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/domains'), 'domains', [
          'name',
          'domainType',
          'isDefault',
        ]),
      )(),
    );
  domain
    .command('remove <name>')
    .action((name: string) =>
      run(async (api, print) => print(await api('DELETE', `/domains/${enc(name)}`)))(),
    );

  const mailbox = program.command('mailbox').description('mailbox users');
  const add = mailbox
    .command('add <address>')
    .requiredOption('--display-name <name>', 'display name')
    .option('--password <password>', 'sign-in password (none: cannot sign in with a password)')
    .option('--admin', 'give the administrator role', false)
    .option('--no-eas', 'disable Exchange ActiveSync for this user');
  for (const [flag, , what] of PERSON_OPTIONS) add.option(flag, what);
  add.action((address: string, o: Record<string, unknown>) =>
    run(async (api, print) =>
      print(
        await api('POST', '/mailboxes', {
          address,
          displayName: o.displayName,
          password: o.password,
          isAdmin: o.admin,
          easEnabled: o.eas,
          ...person(o),
        }),
      ),
    )(),
  );
  mailbox
    .command('list')
    .option('--domain <domain>', 'only addresses in this domain')
    .option('--search <text>', 'names or addresses starting with this text')
    .option('--offset <n>', 'skip this many', integer)
    .option('--limit <n>', 'at most this many (1-1000)', integer)
    .action((o: Record<string, unknown>) =>
      run(async (api, print) =>
        printList(print, await api('GET', `/mailboxes${query(o)}`), 'mailboxes', MAILBOX_COLUMNS),
      )(),
    );
  mailbox
    .command('show <address>')
    .action((address: string) =>
      run(async (api, print) => print(await api('GET', `/mailboxes/${enc(address)}`)))(),
    );
  const set = mailbox
    .command('set <address>')
    .option('--display-name <name>', 'display name')
    .option('--password <password>', 'new sign-in password')
    .option('--admin', 'give the administrator role')
    .option('--no-admin', 'take the administrator role away')
    .option('--eas', 'enable Exchange ActiveSync')
    .option('--no-eas', 'disable Exchange ActiveSync')
    .option('--disabled', 'disable the account (no sign-in)')
    .option('--enabled', 'enable the account')
    .option('--primary-address <address>', 'make this the primary SMTP address')
    .option('--add-address <address>', 'add a proxy address (repeatable)', collect)
    .option('--remove-address <address>', 'remove a proxy address (repeatable)', collect);
  for (const [flag, , what] of PERSON_OPTIONS) set.option(flag, what);
  set.action((address: string, o: Record<string, unknown>) => {
    const changes = {
      displayName: o.displayName,
      password: o.password,
      isAdmin: o.admin,
      easEnabled: o.eas,
      accountDisabled: o.disabled ? true : o.enabled ? false : undefined,
      primarySmtpAddress: o.primaryAddress,
      addProxyAddresses: o.addAddress,
      removeProxyAddresses: o.removeAddress,
      ...person(o),
    };
    return run(async (api, print) =>
      print(await api('PATCH', `/mailboxes/${enc(address)}`, changes)),
    )();
  });
  mailbox
    .command('remove <address>')
    .action((address: string) =>
      run(async (api, print) => print(await api('DELETE', `/mailboxes/${enc(address)}`)))(),
    );

  const group = program.command('group').description('distribution groups');
  group
    .command('add <address>')
    .requiredOption('--display-name <name>', 'display name')
    .action((address: string, o: { displayName: string }) =>
      run(async (api, print) =>
        print(await api('POST', '/groups', { address, displayName: o.displayName })),
      )(),
    );
  group
    .command('list')
    .option('--search <text>', 'names starting with this text')
    .action((o: Record<string, unknown>) =>
      run(async (api, print) =>
        printList(print, await api('GET', `/groups${query(o)}`), 'groups', [
          'primarySmtpAddress',
          'displayName',
        ]),
      )(),
    );
  group
    .command('show <address>')
    .action((address: string) =>
      run(async (api, print) => print(await api('GET', `/groups/${enc(address)}`)))(),
    );
  group
    .command('remove <address>')
    .action((address: string) =>
      run(async (api, print) => print(await api('DELETE', `/groups/${enc(address)}`)))(),
    );
  const member = group.command('member').description('group membership');
  member
    .command('add <group> <member>')
    .action((address: string, who: string) =>
      run(async (api, print) =>
        print(await api('POST', `/groups/${enc(address)}/members`, { member: who })),
      )(),
    );
  member
    .command('remove <group> <member>')
    .action((address: string, who: string) =>
      run(async (api, print) =>
        print(await api('DELETE', `/groups/${enc(address)}/members/${enc(who)}`)),
      )(),
    );

  const contact = program
    .command('contact')
    .description('mail contacts (external addresses in the address book)');
  contact
    .command('add <address>')
    .requiredOption('--display-name <name>', 'display name')
    .option('--given-name <name>', 'given name')
    .option('--surname <name>', 'surname')
    .action((address: string, o: Record<string, unknown>) =>
      run(async (api, print) =>
        print(
          await api('POST', '/contacts', {
            address,
            displayName: o.displayName,
            givenName: o.givenName,
            surname: o.surname,
          }),
        ),
      )(),
    );
  contact
    .command('list')
    .option('--search <text>', 'names or addresses starting with this text')
    .action((o: Record<string, unknown>) =>
      run(async (api, print) =>
        printList(print, await api('GET', `/contacts${query(o)}`), 'contacts', [
          'externalEmailAddress',
          'displayName',
        ]),
      )(),
    );
  contact
    .command('remove <address>')
    .action((address: string) =>
      run(async (api, print) => print(await api('DELETE', `/contacts/${enc(address)}`)))(),
    );

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
