/** mailctl commands for EAS mobile device mailbox policies (`policy`) and email address policies. */
import { CommanderError } from 'commander';
import { collect, enc, integer, type Cli } from '../cli';

/** Settings whose value is a list (MS-ASPROV 2.2.2.5, 2.2.2.58): comma-separated on the line. */
const LIST_SETTINGS = new Set(['ApprovedApplicationList', 'UnapprovedInROMApplicationList']);

/**
 * `Setting=Value` pairs to a settings object: whole numbers as numbers, true/false as 1/0,
 * `null` or nothing for "no limit", lists comma-separated. Anything else goes as text and the
 * server says what the setting allows.
 */
export function parseSettings(pairs: string[] = []): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new CommanderError(2, 'mailctl.usage', `--set wants Setting=Value, got: ${pair}`);
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    settings[name] = LIST_SETTINGS.has(name)
      ? text
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : text === '' || text === 'null'
        ? null
        : text === 'true'
          ? 1
          : text === 'false'
            ? 0
            : /^-?\d+$/.test(text)
              ? Number(text)
              : text;
  }
  return settings;
}

export function registerPolicyCommands({ program, run, printList }: Cli): void {
  const policy = program.command('policy').description('EAS mobile device mailbox policies');
  const SET_HELP = 'a setting, e.g. MaxAttachmentSize=1048576 (repeatable)';
  policy
    .command('add <name>')
    .option('--default', 'make it the default policy')
    .option('--set <setting=value>', SET_HELP, collect)
    .action((name: string, o: { default?: boolean; set?: string[] }) =>
      run(async (api, print) =>
        print(
          await api('POST', '/mobile-device-mailbox-policies', {
            name,
            isDefault: o.default === true,
            settings: parseSettings(o.set),
          }),
        ),
      )(),
    );
  policy
    .command('set <name>')
    .option('--default', 'make it the default policy')
    .option('--set <setting=value>', SET_HELP, collect)
    .action((name: string, o: { default?: boolean; set?: string[] }) =>
      run(async (api, print) =>
        print(
          await api('PATCH', `/mobile-device-mailbox-policies/${enc(name)}`, {
            isDefault: o.default ? true : undefined,
            settings: parseSettings(o.set),
          }),
        ),
      )(),
    );
  policy
    .command('show <name>')
    .action((name: string) =>
      run(async (api, print) =>
        print(await api('GET', `/mobile-device-mailbox-policies/${enc(name)}`)),
      )(),
    );
  policy
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/mobile-device-mailbox-policies'), 'policies', [
          'name',
          'isDefault',
          'updatedAt',
        ]),
      )(),
    );
  policy
    .command('remove <name>')
    .action((name: string) =>
      run(async (api, print) =>
        print(await api('DELETE', `/mobile-device-mailbox-policies/${enc(name)}`)),
      )(),
    );
  policy
    .command('assign [name]')
    .requiredOption('--mailbox <address>', 'the mailbox')
    .option('--default-policy', 'back to the default policy (instead of a name)')
    .action((name: string | undefined, o: { mailbox: string; defaultPolicy?: boolean }) => {
      if ((name === undefined) === (o.defaultPolicy !== true))
        throw new CommanderError(
          2,
          'mailctl.usage',
          'error: give a policy name or --default-policy',
        );
      return run(async (api, print) =>
        print(
          await api('PATCH', `/mailboxes/${enc(o.mailbox)}/mobile-device-mailbox-policy`, {
            policy: name ?? null,
          }),
        ),
      )();
    });

  const address = program.command('address-policy').description('email address policies');
  address
    .command('add <name>')
    .requiredOption(
      '--template <template>',
      "address template, e.g. '%g.%s@contoso.com'; SMTP: marks the reply address (repeatable)",
      collect,
    )
    .requiredOption('--priority <n>', 'priority, lower first', integer)
    .option('--domain <domain>', 'only mailboxes whose primary address is in this domain')
    .action((name: string, o: { template: string[]; priority: number; domain?: string }) =>
      run(async (api, print) =>
        print(
          await api('POST', '/email-address-policies', {
            name,
            priority: o.priority,
            domain: o.domain,
            templates: o.template,
          }),
        ),
      )(),
    );
  address
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/email-address-policies'), 'policies', [
          'priority',
          'name',
          'domain',
          'enabledPrimarySmtpAddressTemplate',
        ]),
      )(),
    );
  address
    .command('remove <name>')
    .action((name: string) =>
      run(async (api, print) =>
        print(await api('DELETE', `/email-address-policies/${enc(name)}`)),
      )(),
    );
  address
    .command('apply [name]')
    .option('--mailbox <address>', 'apply the governing policy to this mailbox only')
    .action((name: string | undefined, o: { mailbox?: string }) => {
      if ((name === undefined) === (o.mailbox === undefined))
        throw new CommanderError(2, 'mailctl.usage', 'error: give a policy name or --mailbox');
      return run(async (api, print) =>
        print(
          name === undefined
            ? await api('POST', `/mailboxes/${enc(o.mailbox!)}/email-address-policy/apply`)
            : await api('POST', `/email-address-policies/${enc(name)}/apply`),
        ),
      )();
    });
}
