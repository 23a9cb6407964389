/** mailctl commands for organization settings: connector, vdir, certificate-mapping. */
import { CommanderError, Option } from 'commander';
import { collect, enc, integer, type Cli } from '../cli';

const onOff = (value: string) => {
  if (value !== 'on' && value !== 'off')
    throw new CommanderError(2, 'mailctl.usage', `expected on or off, not ${value}`);
  return value === 'on';
};
const CLIENT_CERT_AUTH: Record<string, string> = {
  ignore: 'Ignore',
  accept: 'Accepted',
  require: 'Required',
};
const SEND_COLUMNS = ['name', 'enabled', 'addressSpaces', 'dnsRoutingEnabled', 'smartHosts'];

/** The send connector fields the options name; unset options stay out of the request. */
function sendConnectorBody(o: Record<string, unknown>): Record<string, unknown> {
  if ((o.authUser === undefined) !== (o.authPassword === undefined))
    throw new CommanderError(
      2,
      'mailctl.usage',
      'error: give --auth-user and --auth-password together',
    );
  return {
    addressSpaces: o.addressSpace,
    smartHosts: o.smartHost,
    dnsRoutingEnabled: o.dns,
    authenticationCredential: o.noAuth
      ? null
      : o.authUser === undefined
        ? undefined
        : { userName: o.authUser, password: o.authPassword },
    requireTLS: o.requireTls,
    maxMessageSize: o.maxMessageSize,
    enabled: o.disabled ? false : o.enabled ? true : undefined,
  };
}

export function registerOrgConfigCommands({ program, run, printList }: Cli): void {
  const connector = program.command('connector').description('receive and send connectors');

  const receive = connector.command('receive').description('receive connectors (Default, Client)');
  receive
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/receive-connectors'), 'receiveConnectors', [
          'name',
          'bindings',
          'enabled',
          'permissionGroups',
          'fqdn',
        ]),
      )(),
    );
  receive
    .command('show <name>')
    .action((name: string) =>
      run(async (api, print) => print(await api('GET', `/receive-connectors/${enc(name)}`)))(),
    );
  receive
    .command('set <name>')
    .option('--anonymous <on|off>', 'admit anonymous senders (AnonymousUsers)', onOff)
    .option('--fqdn <name>', 'name said in the banner and EHLO answer')
    .option('--max-message-size <bytes>', 'largest message accepted', integer)
    .option('--max-recipients <n>', 'most recipients per message', integer)
    .option('--max-connections-per-source <n>', 'most connections from one address', integer)
    .action((name: string, o: Record<string, unknown>) =>
      run(async (api, print) =>
        print(
          await api('PATCH', `/receive-connectors/${enc(name)}`, {
            anonymousUsers: o.anonymous,
            fqdn: o.fqdn,
            maxMessageSize: o.maxMessageSize,
            maxRecipientsPerMessage: o.maxRecipients,
            maxInboundConnectionPerSource: o.maxConnectionsPerSource,
          }),
        ),
      )(),
    );

  const send = connector.command('send').description('send connectors (outbound routing)');
  const sendOptions = (command: ReturnType<typeof send.command>) =>
    command
      .option('--address-space <space>', '*, contoso.com or *.contoso.com (repeatable)', collect)
      .option('--smart-host <host[:port]>', 'relay through this host (repeatable)', collect)
      .option('--dns', 'route by DNS MX records instead of smart hosts')
      .option('--auth-user <name>', 'smart-host sign-in name')
      .option('--auth-password <password>', 'smart-host password (stored, never shown)')
      .option('--require-tls', 'refuse to send without TLS')
      .option('--no-require-tls', 'use TLS when offered')
      .option('--max-message-size <bytes>', 'largest message sent', integer)
      .option('--disabled', 'do not route through this connector')
      .option('--enabled', 'route through this connector');
  sendOptions(send.command('add <name>')).action((name: string, o: Record<string, unknown>) => {
    const body = { name, ...sendConnectorBody(o) };
    return run(async (api, print) => print(await api('POST', '/send-connectors', body)))();
  });
  sendOptions(send.command('set <name>'))
    .option('--no-auth', 'remove smart-host authentication')
    .action((name: string, o: Record<string, unknown>) => {
      // Commander's --no-auth sets `auth: false`.
      const body = sendConnectorBody({ ...o, noAuth: o.auth === false });
      return run(async (api, print) =>
        print(await api('PATCH', `/send-connectors/${enc(name)}`, body)),
      )();
    });
  send
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/send-connectors'), 'sendConnectors', SEND_COLUMNS),
      )(),
    );
  send
    .command('show <name>')
    .action((name: string) =>
      run(async (api, print) => print(await api('GET', `/send-connectors/${enc(name)}`)))(),
    );
  send
    .command('remove <name>')
    .action((name: string) =>
      run(async (api, print) => print(await api('DELETE', `/send-connectors/${enc(name)}`)))(),
    );

  const vdir = program.command('vdir').description('the ActiveSync virtual directory');
  vdir
    .command('show')
    .action(() =>
      run(async (api, print) => print(await api('GET', '/virtual-directories/activesync')))(),
    );
  vdir
    .command('set')
    .option('--internal-url <url>', 'https URL inside the network')
    .option('--external-url <url>', 'https URL from the internet')
    .option('--basic-auth <on|off>', 'Basic authentication', onOff)
    .addOption(
      new Option('--client-certificates <mode>', 'client certificates').choices(
        Object.keys(CLIENT_CERT_AUTH),
      ),
    )
    .option('--allow-file-server <host>', 'remote file server allowed (repeatable)', collect)
    .option('--block-file-server <host>', 'remote file server blocked (repeatable)', collect)
    .option('--internal-domain-suffix <suffix>', 'internal domain suffix (repeatable)', collect)
    .action((o: Record<string, unknown>) => {
      const body = {
        internalUrl: o.internalUrl,
        externalUrl: o.externalUrl,
        basicAuthEnabled: o.basicAuth,
        clientCertAuth: o.clientCertificates && CLIENT_CERT_AUTH[o.clientCertificates as string],
        remoteDocumentsAllowedServers: o.allowFileServer,
        remoteDocumentsBlockedServers: o.blockFileServer,
        remoteDocumentsInternalDomainSuffixList: o.internalDomainSuffix,
      };
      return run(async (api, print) =>
        print(await api('PATCH', '/virtual-directories/activesync', body)),
      )();
    });

  const mapping = program
    .command('certificate-mapping')
    .description('client certificate subjects that sign in as a user');
  const path = (mailbox: string) => `/mailboxes/${enc(mailbox)}/certificate-mappings`;
  mapping
    .command('add')
    .requiredOption('--mailbox <address>', 'the user')
    .requiredOption('--subject <dn>', 'the certificate subject, exactly as in the certificate')
    .action((o: { mailbox: string; subject: string }) =>
      run(async (api, print) =>
        print(await api('POST', path(o.mailbox), { subject: o.subject })),
      )(),
    );
  mapping
    .command('remove')
    .requiredOption('--mailbox <address>', 'the user')
    .requiredOption('--subject <dn>', 'the certificate subject')
    .action((o: { mailbox: string; subject: string }) =>
      run(async (api, print) =>
        print(await api('DELETE', `${path(o.mailbox)}/${enc(o.subject)}`)),
      )(),
    );
  mapping
    .command('list')
    .requiredOption('--mailbox <address>', 'the user')
    .action((o: { mailbox: string }) =>
      run(async (api, print) =>
        printList(print, await api('GET', path(o.mailbox)), 'certificateMappings', [
          'mailbox',
          'subject',
        ]),
      )(),
    );
}
