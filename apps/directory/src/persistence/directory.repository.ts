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

export interface NewUser {
  userPrincipalName: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin?: boolean;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
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

  async createUser(user: NewUser): Promise<UserEntity> {
    const upn = user.userPrincipalName.toLowerCase();
    const entity = this.users.create({
      id: randomUUID(),
      userPrincipalName: upn,
      alias: upn.split('@')[0],
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      isAdmin: user.isAdmin ?? false,
    });
    try {
      return await this.users.save(entity);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DirectoryConflictError(`${upn} already exists`);
      throw error;
    }
  }

  findUserByPrincipalName(upn: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ userPrincipalName: upn.toLowerCase() });
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

  async setPasswordHash(upn: string, passwordHash: string): Promise<boolean> {
    const result = await this.users.update(
      { userPrincipalName: upn.toLowerCase() },
      { passwordHash },
    );
    return (result.affected ?? 0) === 1;
  }
}
