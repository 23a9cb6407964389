/** mailctl commands for accepted domains and recipients: domain, mailbox, group, contact. */
import { readFileSync } from 'node:fs';
import { CommanderError, Option } from 'commander';
import { collect, enc, integer, query, type Cli } from '../cli';

/** A PEM file's first certificate as DER; any other file as it is. */
function derOf(file: Buffer): Buffer {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(
    file.toString('latin1'),
  );
  return pem ? Buffer.from(pem[1].replace(/\s+/g, ''), 'base64') : file;
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
const person = (options: Record<string, unknown>) =>
  Object.fromEntries(
    PERSON_OPTIONS.map(([, field]) => [field, options[field]]).filter(([, v]) => v !== undefined),
  );

export function registerRecipientCommands({ program, run, printList }: Cli): void {
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

  /** `mailbox NAME ADDRESS --file F | --remove`: a file published on the mailbox, or taken away. */
  const publishedFile = (
    name: string,
    description: string,
    removal: string,
    resource: string,
    body: (file: Buffer) => Record<string, string>,
  ) =>
    mailbox
      .command(`${name} <address>`)
      .description(description)
      .option('--file <path>', `the ${name} file`)
      .option('--remove', removal)
      .action((address: string, o: { file?: string; remove?: boolean }) => {
        if ((o.file === undefined) === (o.remove === undefined))
          throw new CommanderError(2, 'mailctl.usage', 'give either --file or --remove');
        const path = `/mailboxes/${enc(address)}/${resource}`;
        return run(async (api, print) =>
          print(
            o.remove
              ? await api('DELETE', path)
              : await api('POST', path, body(readFileSync(o.file!))),
          ),
        )();
      });
  publishedFile(
    'photo',
    'set the photo devices see in the GAL (JPEG or PNG, at most 100 KB)',
    'remove the photo',
    'photo',
    (file) => ({ photo: file.toString('base64') }),
  );
  publishedFile(
    'certificate',
    'publish an S/MIME certificate for ResolveRecipients (PEM or DER file)',
    'remove every published certificate',
    'certificates',
    (file) => ({ certificate: derOf(file).toString('base64') }),
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
}
