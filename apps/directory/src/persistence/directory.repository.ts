import { randomUUID } from 'node:crypto';
import { QueryFailedError, type DataSource, type Repository } from 'typeorm';
import { AcceptedDomainEntity, type AcceptedDomainType } from './accepted-domain.entity';
import { UserEntity } from './user.entity';

export class DirectoryConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryConflictError';
  }
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION
  );
}

/** The directory's queries; nothing outside persistence/ sees TypeORM. */
export class DirectoryRepository {
  private readonly domains: Repository<AcceptedDomainEntity>;
  private readonly users: Repository<UserEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.domains = dataSource.getRepository(AcceptedDomainEntity);
    this.users = dataSource.getRepository(UserEntity);
  }

  /** Adds the domain unless it exists; returns whether it was added. */
  async ensureAcceptedDomain(
    name: string,
    domainType: AcceptedDomainType,
    isDefault: boolean,
  ): Promise<boolean> {
    const result = await this.dataSource.query(
      `INSERT INTO directory.accepted_domain (id, name, domain_type, is_default)
       VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [randomUUID(), name.toLowerCase(), domainType, isDefault],
    );
    return result.length === 1;
  }

  listAcceptedDomains(): Promise<AcceptedDomainEntity[]> {
    return this.domains.find({ order: { name: 'ASC' } });
  }

  findUserByPrincipalName(upn: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ userPrincipalName: upn.toLowerCase() });
  }

  /** The user one of whose SMTP addresses (primary or proxy) this is. */
  async findUserBySmtpAddress(address: string): Promise<UserEntity | null> {
    const [row] = await this.dataSource.query(
      `SELECT recipient_id AS id FROM directory.proxy_address
       WHERE address = $1 AND recipient_kind = 'mailbox'`,
      [address.toLowerCase()],
    );
    return row ? this.users.findOneBy({ id: row.id }) : null;
  }

  /** Users whose alias matches (for `DOMAIN\alias` and bare-alias sign-in); may be several. */
  findUsersByAlias(alias: string): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.alias) = lower(:alias)', { alias })
      .orderBy('u.user_principal_name')
      .limit(2)
      .getMany();
  }

  /** Domains in use by a recipient's address (so the domain cannot be removed). */
  async countAddressesInDomain(name: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM directory.proxy_address WHERE address LIKE $1`,
      [`%@${name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}`],
    );
    return count;
  }

  async countAdmins(): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM directory.mailbox_user WHERE is_admin AND NOT account_disabled',
    );
    return count;
  }

  async findAcceptedDomain(name: string): Promise<AcceptedDomainEntity | null> {
    return this.domains.findOneBy({ name: name.toLowerCase() });
  }

  async removeAcceptedDomain(name: string): Promise<boolean> {
    const result = await this.domains.delete({ name: name.toLowerCase(), isDefault: false });
    return (result.affected ?? 0) > 0;
  }

  async setPasswordHash(upn: string, passwordHash: string): Promise<boolean> {
    const result = await this.users.update(
      { userPrincipalName: upn.toLowerCase() },
      { passwordHash },
    );
    return (result.affected ?? 0) === 1;
  }
}
