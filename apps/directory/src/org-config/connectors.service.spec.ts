import {
  ReceiveConnectorSetRequest,
  SendConnectorAddRequest,
  SendConnectorSetRequest,
  VirtualDirectorySetRequest,
} from '@mail/contracts';
import { parsePayload, type Runtime } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { directoryStorage } from '../persistence/storage';
import { ClientAccessService } from './client-access.service';
import { ConnectorsService } from './connectors.service';
import { CertificateMappingRepository } from './persistence/certificate-mapping.repository';
import { ConnectorRepository } from './persistence/connector.repository';
import { VirtualDirectoryRepository } from './persistence/vdir.repository';

const rejectsWith = (work: Promise<unknown>, code: string, message: RegExp) =>
  expect(work).rejects.toMatchObject({ code, message: expect.stringMatching(message) });

describe.each(DATABASE_BACKENDS)('connectors and the vdir on %s', (_name, open) => {
  let db: OpenedDatabase;
  let connectors: ConnectorsService;
  let clientAccess: ClientAccessService;
  const add = (payload: unknown) =>
    connectors.addSendConnector(parsePayload(SendConnectorAddRequest, payload));
  const set = (payload: unknown) =>
    connectors.setSendConnector(parsePayload(SendConnectorSetRequest, payload));
  beforeEach(async () => {
    db = await open(directoryStorage);
    connectors = new ConnectorsService(new ConnectorRepository(db.dataSource));
    clientAccess = new ClientAccessService(
      new VirtualDirectoryRepository(db.dataSource),
      new CertificateMappingRepository(db.dataSource),
      { bus: { emit: async () => undefined } } as unknown as Runtime,
    );
  });
  afterEach(() => db.close());

  it('creates the Default and Client receive connectors with Exchange-like defaults', async () => {
    const { receiveConnectors } = await connectors.listReceiveConnectors();
    expect(receiveConnectors).toEqual([
      expect.objectContaining({
        name: 'Client',
        bindings: 'SUBMISSION_PORT',
        permissionGroups: ['ExchangeUsers'],
        authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'],
        maxMessageSize: 36 * 1024 * 1024,
        maxRecipientsPerMessage: 200,
      }),
      expect.objectContaining({
        name: 'Default',
        bindings: 'SMTP_PORT',
        permissionGroups: expect.arrayContaining(['AnonymousUsers']),
        fqdn: null,
        maxInboundConnectionPerSource: 20,
      }),
    ]);
  });

  it('sets a receive connector and refuses settings that cannot work together', async () => {
    const setReceive = (payload: unknown) =>
      connectors.setReceiveConnector(parsePayload(ReceiveConnectorSetRequest, payload));
    const changed = await setReceive({
      name: 'default',
      anonymousUsers: false,
      fqdn: 'Mail.Contoso.com',
      maxRecipientsPerMessage: 500,
    });
    expect(changed).toMatchObject({
      name: 'Default',
      fqdn: 'mail.contoso.com',
      maxRecipientsPerMessage: 500,
    });
    expect(changed.permissionGroups).not.toContain('AnonymousUsers');
    await rejectsWith(
      setReceive({ name: 'Client', authMechanism: ['Tls'] }),
      'bad-request',
      /ExchangeUsers need BasicAuth/,
    );
    await rejectsWith(
      setReceive({ name: 'Client', authMechanism: ['BasicAuth', 'BasicAuthRequireTLS'] }),
      'bad-request',
      /needs Tls/,
    );
    await rejectsWith(
      setReceive({ name: 'Default', permissionGroups: [] }),
      'bad-request',
      /permissionGroups/,
    );
    expect(() =>
      parsePayload(ReceiveConnectorSetRequest, { name: 'Default', maxMessageSize: 10 }),
    ).toThrow(/maxMessageSize/);
    await rejectsWith(setReceive({ name: 'Nope' }), 'not-found', /Nope/);
    expect((await connectors.showReceiveConnector('Client')).authMechanism).toContain(
      'BasicAuthRequireTLS',
    );
  });

  it('keeps a smart-host password but never shows it', async () => {
    const created = await add({
      name: 'Relay',
      addressSpaces: ['*'],
      smartHosts: ['relay.isp.example:587'],
      authenticationCredential: { userName: 'relay-user', password: 'S3cret-Relay' },
      requireTLS: true,
    });
    expect(created).toMatchObject({
      dnsRoutingEnabled: false,
      smartHostAuthMechanism: 'BasicAuth',
      authenticationCredential: { userName: 'relay-user', passwordSet: true },
    });
    const answers = [
      created,
      await connectors.showSendConnector('relay'),
      await connectors.listSendConnectors(),
    ];
    expect(JSON.stringify(answers)).not.toContain('S3cret-Relay');
    const [{ password }] = await db.dataSource.query(
      'SELECT auth_password AS password FROM directory.send_connector',
    );
    expect(password).toBe('S3cret-Relay');
    // Switching to DNS routing drops the smart hosts and their credential.
    const dns = await set({ name: 'Relay', dnsRoutingEnabled: true });
    expect(dns).toMatchObject({
      dnsRoutingEnabled: true,
      smartHosts: [],
      smartHostAuthMechanism: 'None',
    });
  });

  it('validates send connectors and refuses duplicates', async () => {
    expect(() =>
      parsePayload(SendConnectorAddRequest, { name: 'X', addressSpaces: ['*contoso.com'] }),
    ).toThrow(/addressSpaces.0/);
    expect(() =>
      parsePayload(SendConnectorAddRequest, {
        name: 'X',
        addressSpaces: ['*'],
        smartHosts: ['relay:99999'],
      }),
    ).toThrow(/smartHosts.0/);
    await rejectsWith(
      add({
        name: 'X',
        addressSpaces: ['*'],
        dnsRoutingEnabled: true,
        smartHosts: ['relay.example'],
      }),
      'bad-request',
      /not both/,
    );
    await rejectsWith(
      add({ name: 'X', addressSpaces: ['*'], dnsRoutingEnabled: false }),
      'bad-request',
      /at least one smart host/,
    );
    await rejectsWith(
      add({
        name: 'X',
        addressSpaces: ['*'],
        authenticationCredential: { userName: 'u', password: 'p' },
      }),
      'bad-request',
      /authenticationCredential/,
    );
    await add({ name: 'Internet', addressSpaces: ['*'] });
    await rejectsWith(
      add({ name: 'INTERNET', addressSpaces: ['*'] }),
      'conflict',
      /already exists/,
    );
    expect(await connectors.removeSendConnector('internet')).toEqual({ removed: 'Internet' });
    await rejectsWith(connectors.showSendConnector('Internet'), 'not-found', /Internet/);
  });

  it('routes a domain by the most specific address space of an enabled connector', async () => {
    await add({ name: 'Internet', addressSpaces: ['*'] });
    await add({
      name: 'Contoso subdomains',
      addressSpaces: ['*.contoso.com'],
      smartHosts: ['10.0.0.1'],
    });
    await add({ name: 'Contoso', addressSpaces: ['contoso.com'], smartHosts: ['10.0.0.2'] });
    await add({
      name: 'Fabrikam',
      addressSpaces: ['fabrikam.com'],
      smartHosts: ['10.0.0.3'],
      enabled: false,
    });
    const route = async (domain: string) => {
      const { connector, addressSpace } = await connectors.route(domain);
      return [connector.name, addressSpace];
    };
    expect(await route('contoso.com')).toEqual(['Contoso', 'contoso.com']);
    expect(await route('eu.contoso.com')).toEqual(['Contoso subdomains', '*.contoso.com']);
    expect(await route('fabrikam.com')).toEqual(['Internet', '*']);
    await connectors.removeSendConnector('Internet');
    await rejectsWith(connectors.route('fabrikam.com'), 'not-found', /fabrikam.com/);
  });

  it('gets and sets the ActiveSync virtual directory', async () => {
    const setVdir = (payload: unknown) =>
      clientAccess.setVirtualDirectory(parsePayload(VirtualDirectorySetRequest, payload));
    expect(await clientAccess.getVirtualDirectory()).toEqual({
      name: 'Microsoft-Server-ActiveSync',
      internalUrl: null,
      externalUrl: null,
      basicAuthEnabled: true,
      clientCertAuth: 'Ignore',
      remoteDocumentsAllowedServers: [],
      remoteDocumentsBlockedServers: [],
      remoteDocumentsInternalDomainSuffixList: [],
    });
    const changed = await setVdir({
      externalUrl: 'https://mail.contoso.com/Microsoft-Server-ActiveSync',
      clientCertAuth: 'Required',
      basicAuthEnabled: false,
      remoteDocumentsAllowedServers: ['Files.Contoso.com', 'fileserver'],
      remoteDocumentsInternalDomainSuffixList: ['corp.contoso.com'],
    });
    expect(changed).toMatchObject({
      externalUrl: 'https://mail.contoso.com/Microsoft-Server-ActiveSync',
      clientCertAuth: 'Required',
      basicAuthEnabled: false,
      remoteDocumentsAllowedServers: ['files.contoso.com', 'fileserver'],
    });
    expect(await clientAccess.getVirtualDirectory()).toEqual(changed);
    expect(() =>
      parsePayload(VirtualDirectorySetRequest, { internalUrl: 'http://mail.contoso.com/' }),
    ).toThrow(/internalUrl: must be an https URL/);
    await rejectsWith(
      setVdir({ remoteDocumentsBlockedServers: ['fileserver'] }),
      'bad-request',
      /remoteDocumentsBlockedServers/,
    );
    await rejectsWith(setVdir({ clientCertAuth: 'Ignore' }), 'bad-request', /basicAuthEnabled/);
  });
});
