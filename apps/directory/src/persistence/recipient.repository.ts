/**
 * Mailbox users, distribution groups and mail contacts, with their addresses. Every change
 * that touches more than one row runs in one transaction, so a failure leaves nothing half
 * written; address collisions anywhere in the organization are reported as conflicts.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DirectoryConflictError, isUniqueViolation } from './directory.repository';
import {
  PERSON_COLUMNS,
  contactsFromRows,
  groupsFromRows,
  mailboxesFromRows,
  type ContactRow,
  type GroupRow,
  type MailboxRow,
  type PersonFields,
  type RecipientKind,
} from './recipient-rows';

export type {
  ContactRow,
  GroupRow,
  MailboxRow,
  PersonFields,
  RecipientKind,
} from './recipient-rows';

function conflictOn(error: unknown, message: string): never {
  throw isUniqueViolation(error) ? new DirectoryConflictError(message) : error;
}

/** `%` and `_` typed by a user are literal characters in a prefix search. */
const prefixPattern = (text: string) =>
  `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class RecipientRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Which recipient owns an address (a proxy address, or a contact's external address). */
  async resolve(
    address: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; kind: RecipientKind } | null> {
    const rows = await manager.query(
      `SELECT recipient_id AS id, recipient_kind AS kind FROM directory.proxy_address WHERE address = $1
       UNION ALL SELECT id, 'contact' FROM directory.mail_contact WHERE external_email_address = $1`,
      [address.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  async addMailbox(input: {
    address: string;
    displayName: string;
    passwordHash: string | null;
    isAdmin: boolean;
    easEnabled: boolean;
    person: PersonFields;
  }): Promise<MailboxRow> {
    const id = randomUUID();
    const address = input.address.toLowerCase();
    await this.dataSource
      .transaction(async (manager) => {
        const columns = PERSON_COLUMNS.map(([, column]) => column);
        const values = PERSON_COLUMNS.map(([field]) => input.person[field] ?? null);
        await manager.query(
          `INSERT INTO directory.mailbox_user
             (id, user_principal_name, alias, display_name, password_hash, is_admin, eas_enabled, ${columns.join(', ')})
           VALUES ($1, $2, $3, $4, $5, $6, $7, ${columns.map((_, i) => `$${i + 8}`).join(', ')})`,
          [
            id,
            address,
            address.split('@')[0],
            input.displayName,
            input.passwordHash,
            input.isAdmin,
            input.easEnabled,
            ...values,
          ],
        );
        await this.insertAddress(manager, address, id, 'mailbox', true);
      })
      .catch((error) => conflictOn(error, `the address ${address} is already in use`));
    return (await this.findMailbox(address))!;
  }

  async findMailbox(address: string): Promise<MailboxRow | null> {
    const owner = await this.resolve(address);
    if (owner?.kind !== 'mailbox') return null;
    const [row] = await this.dataSource.query(
      'SELECT * FROM directory.mailbox_user WHERE id = $1',
      [owner.id],
    );
    return row ? (await mailboxesFromRows(this.dataSource, [row]))[0] : null;
  }

  async listMailboxes(filter: {
    domain?: string;
    search?: string;
    offset: number;
    limit: number;
  }): Promise<{ rows: MailboxRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.domain) {
      params.push(`%@${filter.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`);
      where.push(
        `EXISTS (SELECT 1 FROM directory.proxy_address p WHERE p.recipient_id = u.id AND p.is_primary AND p.address LIKE $${params.length})`,
      );
    }
    if (filter.search) {
      params.push(prefixPattern(filter.search));
      const n = `$${params.length}`;
      where.push(`(lower(u.display_name) LIKE ${n} OR lower(u.given_name) LIKE ${n} OR lower(u.surname) LIKE ${n}
        OR lower(u.alias) LIKE ${n} OR EXISTS (SELECT 1 FROM directory.proxy_address p WHERE p.recipient_id = u.id AND p.address LIKE ${n}))`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM directory.mailbox_user u ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(
      `SELECT u.* FROM directory.mailbox_user u ${clause} ORDER BY lower(u.display_name), u.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return {
      rows: await mailboxesFromRows(this.dataSource, rows),
      total,
    };
  }

  async updateMailbox(
    id: string,
    changes: PersonFields & {
      displayName?: string;
      passwordHash?: string;
      isAdmin?: boolean;
      easEnabled?: boolean;
      accountDisabled?: boolean;
      primarySmtpAddress?: string;
      addAddresses?: string[];
      removeAddresses?: string[];
    },
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (changes.displayName !== undefined) set('display_name', changes.displayName);
    if (changes.passwordHash !== undefined) set('password_hash', changes.passwordHash);
    if (changes.isAdmin !== undefined) set('is_admin', changes.isAdmin);
    if (changes.easEnabled !== undefined) set('eas_enabled', changes.easEnabled);
    if (changes.accountDisabled !== undefined) set('account_disabled', changes.accountDisabled);
    for (const [field, column] of PERSON_COLUMNS)
      if (changes[field] !== undefined) set(column, changes[field] || null);
    await this.dataSource
      .transaction(async (manager) => {
        if (sets.length)
          await manager.query(
            `UPDATE directory.mailbox_user SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
            params,
          );
        await this.changeAddresses(manager, id, 'mailbox', changes);
      })
      .catch((error) => conflictOn(error, 'one of the addresses is already in use'));
  }

  async removeMailbox(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM directory.group_member WHERE member_id = $1', [id]);
      await manager.query('DELETE FROM directory.proxy_address WHERE recipient_id = $1', [id]);
      await manager.query('DELETE FROM directory.mailbox_user WHERE id = $1', [id]);
    });
  }

  async addGroup(address: string, displayName: string): Promise<GroupRow> {
    const id = randomUUID();
    await this.dataSource
      .transaction(async (manager) => {
        await manager.query(
          'INSERT INTO directory.distribution_group (id, alias, display_name) VALUES ($1, $2, $3)',
          [id, address.split('@')[0], displayName],
        );
        await this.insertAddress(manager, address, id, 'group', true);
      })
      .catch((error) => conflictOn(error, `the address ${address} is already in use`));
    return (await this.findGroup(address))!;
  }

  async findGroup(address: string): Promise<GroupRow | null> {
    const owner = await this.resolve(address);
    if (owner?.kind !== 'group') return null;
    const [row] = await this.dataSource.query(
      'SELECT * FROM directory.distribution_group WHERE id = $1',
      [owner.id],
    );
    return row ? (await groupsFromRows(this.dataSource, [row]))[0] : null;
  }

  async listGroups(filter: {
    search?: string;
    offset: number;
    limit: number;
  }): Promise<{ rows: GroupRow[]; total: number }> {
    const params = filter.search ? [prefixPattern(filter.search)] : [];
    const clause = filter.search
      ? 'WHERE lower(g.display_name) LIKE $1 OR lower(g.alias) LIKE $1'
      : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM directory.distribution_group g ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(
      `SELECT g.* FROM directory.distribution_group g ${clause} ORDER BY lower(g.display_name), g.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return {
      rows: await groupsFromRows(this.dataSource, rows),
      total,
    };
  }

  async removeGroup(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM directory.group_member WHERE member_id = $1', [id]);
      await manager.query('DELETE FROM directory.proxy_address WHERE recipient_id = $1', [id]);
      await manager.query('DELETE FROM directory.distribution_group WHERE id = $1', [id]);
    });
  }

  /**
   * Adds a member; refuses a group that already contains the target group, directly or
   * through nesting, since delivery would loop. Idempotent for an existing member.
   */
  async addMember(groupId: string, member: { id: string; kind: RecipientKind }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (member.kind === 'group') {
        const [cycle] = await manager.query(
          `WITH RECURSIVE inside(id) AS (
             SELECT $1::uuid UNION SELECT m.member_id FROM directory.group_member m JOIN inside ON m.group_id = inside.id
           ) SELECT 1 AS found FROM inside WHERE id = $2::uuid LIMIT 1`,
          [member.id, groupId],
        );
        if (cycle)
          throw new DirectoryConflictError(
            'that group already contains this group: nesting it would make a loop',
          );
      }
      await manager.query(
        `INSERT INTO directory.group_member (group_id, member_id, member_kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [groupId, member.id, member.kind],
      );
    });
  }

  async removeMember(groupId: string, memberId: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, affected] = await this.dataSource.query(
      'DELETE FROM directory.group_member WHERE group_id = $1 AND member_id = $2',
      [groupId, memberId],
    );
    return affected > 0;
  }

  async addContact(input: {
    address: string;
    displayName: string;
    givenName?: string;
    surname?: string;
  }): Promise<ContactRow> {
    const address = input.address.toLowerCase();
    if (await this.resolve(address))
      throw new DirectoryConflictError(`the address ${address} is already in use`);
    const id = randomUUID();
    await this.dataSource
      .query(
        `INSERT INTO directory.mail_contact (id, external_email_address, display_name, given_name, surname) VALUES ($1, $2, $3, $4, $5)`,
        [id, address, input.displayName, input.givenName ?? null, input.surname ?? null],
      )
      .catch((error) => conflictOn(error, `the address ${address} is already in use`));
    return (await this.findContact(address))!;
  }

  async findContact(address: string): Promise<ContactRow | null> {
    const [row] = await this.dataSource.query(
      'SELECT * FROM directory.mail_contact WHERE external_email_address = $1',
      [address.toLowerCase()],
    );
    return row ? (await contactsFromRows(this.dataSource, [row]))[0] : null;
  }

  async listContacts(filter: {
    search?: string;
    offset: number;
    limit: number;
  }): Promise<{ rows: ContactRow[]; total: number }> {
    const params = filter.search ? [prefixPattern(filter.search)] : [];
    const clause = filter.search
      ? 'WHERE lower(c.display_name) LIKE $1 OR lower(c.given_name) LIKE $1 OR lower(c.surname) LIKE $1 OR c.external_email_address LIKE $1'
      : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM directory.mail_contact c ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(
      `SELECT c.* FROM directory.mail_contact c ${clause} ORDER BY lower(c.display_name), c.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return {
      rows: await contactsFromRows(this.dataSource, rows),
      total,
    };
  }

  async removeContact(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM directory.group_member WHERE member_id = $1', [id]);
      await manager.query('DELETE FROM directory.mail_contact WHERE id = $1', [id]);
    });
  }

  private async insertAddress(
    manager: EntityManager,
    address: string,
    id: string,
    kind: RecipientKind,
    primary: boolean,
  ) {
    // A contact's external address is another recipient's address too: refuse it here as well.
    const [contact] = await manager.query(
      'SELECT 1 FROM directory.mail_contact WHERE external_email_address = $1',
      [address],
    );
    if (contact) throw new DirectoryConflictError(`the address ${address} is already in use`);
    await manager.query(
      'INSERT INTO directory.proxy_address (address, recipient_id, recipient_kind, is_primary) VALUES ($1, $2, $3, $4)',
      [address, id, kind, primary],
    );
  }

  private async changeAddresses(
    manager: EntityManager,
    id: string,
    kind: RecipientKind,
    changes: { primarySmtpAddress?: string; addAddresses?: string[]; removeAddresses?: string[] },
  ): Promise<void> {
    for (const address of changes.addAddresses ?? []) {
      const owner = await this.resolve(address, manager);
      if (owner?.id === id) continue;
      await this.insertAddress(manager, address, id, kind, false);
    }
    if (changes.primarySmtpAddress) {
      const owner = await this.resolve(changes.primarySmtpAddress, manager);
      if (!owner) await this.insertAddress(manager, changes.primarySmtpAddress, id, kind, false);
      else if (owner.id !== id)
        throw new DirectoryConflictError(
          `the address ${changes.primarySmtpAddress} is already in use`,
        );
      await manager.query(
        'UPDATE directory.proxy_address SET is_primary = false WHERE recipient_id = $1 AND is_primary',
        [id],
      );
      await manager.query(
        'UPDATE directory.proxy_address SET is_primary = true WHERE address = $1',
        [changes.primarySmtpAddress],
      );
    }
    for (const address of changes.removeAddresses ?? []) {
      const [row] = await manager.query(
        'SELECT is_primary FROM directory.proxy_address WHERE address = $1 AND recipient_id = $2',
        [address, id],
      );
      if (row?.is_primary)
        throw new DirectoryConflictError(
          `${address} is the primary SMTP address: make another address primary first`,
        );
      await manager.query(
        'DELETE FROM directory.proxy_address WHERE address = $1 AND recipient_id = $2',
        [address, id],
      );
    }
  }
}
