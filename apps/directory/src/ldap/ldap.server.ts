/**
 * The read-only GAL over LDAP (ldapjs): simple bind checked by CredentialService (so sign-in
 * throttling applies as for Basic auth), then searches under the default accepted domain's
 * base DN. Listens when the directory role starts and closes before shutdown.
 */
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import * as ldap from 'ldapjs';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { CredentialService } from '../credentials/credential.service';
import { DirectoryRepository } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import {
  baseDnFor,
  containerEntries,
  contactEntry,
  dnLookup,
  groupEntry,
  inScope,
  mailboxEntry,
  matchesFilter,
  parseDn,
  type FilterNode,
  type ParsedDn,
  type LdapEntry,
  type Scope,
} from './entries';

/** Most entries one search returns; a client's own smaller sizeLimit wins. */
export const SIZE_LIMIT = 500;
/** Rows of each kind read at a time while a search walks the directory. */
const PAGE_SIZE = 500;

/* The parts of ldapjs's request/response objects used here (its typings predate v3). */
interface Connection {
  remoteAddress?: string;
}
interface BindRequest {
  name: string;
  rawName?: string;
  credentials: string;
  connection: Connection;
}
interface SearchRequest {
  baseObject: { toString(): string };
  scopeName: Scope;
  sizeLimit: number;
  attributes: string[];
  filter: FilterNode;
  connection: Connection;
}
interface Response {
  end(status?: number): void;
  send(entry: LdapEntry): void;
  /** The attributes to return; ldapjs compares them with lower-cased entry attribute names. */
  attributes: string[];
}
type Next = (error?: unknown) => void;
type Handler = (req: never, res: Response, next: Next) => void;
interface LdapServer {
  listen(port: number, host: string, callback: () => void): void;
  close(callback?: () => void): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  server: {
    on(event: string, listener: (socket: { parser?: Parser }) => void): void;
    once(event: 'error', listener: (error: Error) => void): void;
  };
  _getHandlerChain(req: { protocolOp: number }): { backend: unknown; handlers: Handler[] };
}
interface Parser {
  prependListener(event: 'message', listener: (req: { protocolOp: number } & object) => void): void;
}

const BIND = 0x60;
const SEARCH = 0x63;

@Injectable()
export class LdapServerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: LdapServer;
  /** Connections that completed a successful bind; only they may search. */
  private readonly bound = new WeakSet<Connection>();

  constructor(
    private readonly credentials: CredentialService,
    private readonly directory: DirectoryRepository,
    private readonly recipients: RecipientRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const log = this.runtime.logger;
    const server = ldap.createServer({ log: quietLogger(log) } as never) as unknown as LdapServer;
    // A malformed request (such as a bad filter) is answered with protocolError by ldapjs;
    // without these listeners the EventEmitter would throw and end the process.
    server.on('error', (error) => log.info({ err: String(error) }, 'ldap request refused'));
    server.on('clientError', (error) => log.debug({ err: String(error) }, 'ldap client error'));
    // ldapjs parses a bind name as a DN before any handler runs, which refuses the UPN and
    // DOMAIN\alias forms; keep the name as sent and hand ldapjs an empty DN instead.
    server.server.on('connection', (socket) =>
      socket.parser?.prependListener('message', (req) => {
        if (req.protocolOp !== BIND) return;
        const bind = req as unknown as BindRequest;
        bind.rawName = String(bind.name ?? '');
        // `name` is a getter on the request's prototype: shadow it on the instance.
        Object.defineProperty(bind, 'name', { value: '', writable: true, configurable: true });
      }),
    );
    // Route every bind and search here: ldapjs otherwise accepts an anonymous bind itself.
    const original = server._getHandlerChain.bind(server);
    server._getHandlerChain = (req) => {
      if (req.protocolOp === BIND)
        return { backend: server, handlers: [(r: never, res, next) => this.bind(r, res, next)] };
      if (req.protocolOp === SEARCH)
        return { backend: server, handlers: [(r: never, res, next) => this.search(r, res, next)] };
      return original(req);
    };
    const { ldapPort, bindAddress } = this.runtime.config;
    // A port in use must stop the start with the reason, not leave it waiting forever.
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(ldapPort, bindAddress, resolve);
    });
    this.server = server;
    log.info({ port: ldapPort, address: bindAddress }, 'ldap listening');
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async baseDn(): Promise<string> {
    const domains = await this.directory.listAcceptedDomains();
    const domain = domains.find((d) => d.isDefault) ?? domains[0];
    return domain ? baseDnFor(domain.name) : '';
  }

  private async bind(req: BindRequest, res: Response, next: Next): Promise<void> {
    this.bound.delete(req.connection);
    const name = (req.rawName ?? String(req.name ?? '')).trim();
    const password = String(req.credentials ?? '');
    if (!name || !password)
      return next(new ldap.InappropriateAuthenticationError('anonymous bind is not allowed'));
    try {
      const userName = await this.userNameFor(name);
      if (!userName) return next(new ldap.InvalidCredentialsError('invalid credentials'));
      const reply = await this.credentials.verify({
        userName,
        password,
        source: req.connection.remoteAddress ?? 'unknown',
      });
      if (!reply.ok)
        return next(
          new ldap.InvalidCredentialsError(
            reply.reason === 'throttled'
              ? 'too many failed sign-ins: try again later'
              : 'invalid credentials',
          ),
        );
      this.bound.add(req.connection);
      res.end();
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'ldap bind failed');
      next(new ldap.UnavailableError('the directory is unavailable'));
    }
  }

  /** A user DN under ou=users names the alias; UPN and DOMAIN\alias are passed through. */
  private async userNameFor(name: string): Promise<string | null> {
    if (name.includes('@') && !name.includes('=')) return name;
    if (name.includes('\\') && !name.includes('=')) return name;
    let dn: ParsedDn;
    try {
      dn = parseDn(name);
    } catch {
      return null;
    }
    const base = await this.baseDn();
    const parent = dn.parent()?.toString().toLowerCase();
    const rdn = dn.rdnAt(0);
    const cn = rdn?.getValue('cn');
    return base && parent === `ou=users,${base}` && typeof cn === 'string' ? cn : null;
  }

  private async search(req: SearchRequest, res: Response, next: Next): Promise<void> {
    if (!this.bound.has(req.connection))
      return next(new ldap.InsufficientAccessRightsError('bind before searching'));
    try {
      const base = await this.baseDn();
      const target = req.baseObject.toString();
      // LDAP attribute names are case-insensitive: `memberOf` and `memberof` ask for the same.
      res.attributes = res.attributes.map((name) => name.toLowerCase());
      const limit = req.sizeLimit > 0 ? Math.min(req.sizeLimit, SIZE_LIMIT) : SIZE_LIMIT;
      let sent = 0;
      for await (const entry of this.entries(base, target)) {
        if (!inScope(entry.dn, target, req.scopeName) || !matchesFilter(req.filter, entry))
          continue;
        if (sent === limit) return next(new ldap.SizeLimitExceededError('size limit exceeded'));
        res.send(entry);
        sent++;
      }
      res.end();
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'ldap search failed');
      next(new ldap.OperationsError('the search could not be completed'));
    }
  }

  /**
   * The entries a search under `target` can see, read a page at a time (only the kinds it can
   * reach), so a search covers the whole directory in bounded memory and stops as soon as
   * its size limit is passed.
   */
  private async *entries(base: string, target: string): AsyncGenerator<LdapEntry> {
    if (!base) return;
    const key = target.toLowerCase().replace(/\s+/g, '');
    if (key !== '' && !key.endsWith(base)) return;
    const wants = (ou: string) => key === '' || key === base || key.endsWith(`ou=${ou},${base}`);
    yield* containerEntries(base);
    const pages = async function* <T>(
      list: (page: { offset: number; limit: number }) => Promise<{ rows: T[] }>,
    ) {
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const { rows } = await list({ offset, limit: PAGE_SIZE });
        yield rows;
        if (rows.length < PAGE_SIZE) return;
      }
    };
    if (wants('users')) {
      for await (const rows of pages((p) => this.recipients.listMailboxes(p))) {
        const dns = dnLookup(base, { mailboxes: rows, groups: [] });
        yield* rows.map((m) => mailboxEntry(m, base, dns));
      }
    }
    if (wants('groups')) {
      for await (const rows of pages((p) => this.recipients.listGroups(p))) {
        const dns = dnLookup(base, { mailboxes: [], groups: rows });
        yield* rows.map((g) => groupEntry(g, base, dns));
      }
    }
    if (wants('contacts')) {
      for await (const rows of pages((p) => this.recipients.listContacts(p))) {
        const dns = dnLookup(base, { mailboxes: [], groups: [] });
        yield* rows.map((c) => contactEntry(c, base, dns));
      }
    }
  }
}

/** ldapjs logs requests at debug (a bind's includes its password): pass on warnings only. */
function quietLogger(log: Runtime['logger']) {
  const none = () => undefined;
  const logger = {
    trace: none,
    debug: none,
    info: none,
    warn: (...args: unknown[]) => log.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => log.error(args.map(String).join(' ')),
    fatal: (...args: unknown[]) => log.error(args.map(String).join(' ')),
    child: () => logger,
  };
  return logger;
}
