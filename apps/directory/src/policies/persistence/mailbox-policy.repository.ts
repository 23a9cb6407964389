/**
 * EAS mobile device mailbox policies and their assignment to users. Names are unique without
 * regard to case; exactly one policy is the default (a partial unique index keeps it so).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DirectoryConflictError, isUniqueViolation } from '../../persistence/directory.repository';

export interface MailboxPolicyRow {
  id: string;
  name: string;
  isDefault: boolean;
  settings: Record<string, unknown>;
  updatedAt: Date;
}

const COLUMNS = 'id, name, is_default, settings, updated_at';

function fromRow(row: Record<string, unknown>): MailboxPolicyRow {
  return {
    id: row.id as string,
    name: row.name as string,
    isDefault: row.is_default as boolean,
    // jsonb arrives parsed from pg and PGlite alike; a string would mean a driver change.
    settings: (typeof row.settings === 'string'
      ? JSON.parse(row.settings)
      : row.settings) as Record<string, unknown>,
    updatedAt: new Date(row.updated_at as string | Date),
  };
}

function nameConflict(name: string) {
  return (error: unknown): never => {
    throw isUniqueViolation(error)
      ? new DirectoryConflictError(`a mobile device mailbox policy named ${name} already exists`)
      : error;
  };
}

export class MailboxPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(name: string): Promise<MailboxPolicyRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM directory.mobile_device_mailbox_policy WHERE lower(name) = lower($1)`,
      [name],
    );
    return row ? fromRow(row) : null;
  }

  async findDefault(): Promise<MailboxPolicyRow> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM directory.mobile_device_mailbox_policy WHERE is_default`,
    );
    return fromRow(row);
  }

  async list(): Promise<MailboxPolicyRow[]> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM directory.mobile_device_mailbox_policy ORDER BY lower(name)`,
    );
    return rows.map(fromRow);
  }

  async add(input: {
    name: string;
    isDefault: boolean;
    settings: Record<string, unknown>;
  }): Promise<MailboxPolicyRow> {
    const id = randomUUID();
    await this.dataSource
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO directory.mobile_device_mailbox_policy (id, name, settings) VALUES ($1, $2, $3)`,
          [id, input.name, JSON.stringify(input.settings)],
        );
        if (input.isDefault) await this.makeDefault(manager, id);
      })
      .catch(nameConflict(input.name));
    return (await this.find(input.name))!;
  }

  /** Replaces the settings (the caller passes the full resolved set) and maybe makes it the default. */
  async update(
    id: string,
    changes: { settings: Record<string, unknown>; makeDefault: boolean },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE directory.mobile_device_mailbox_policy SET settings = $2, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(changes.settings)],
      );
      if (changes.makeDefault) await this.makeDefault(manager, id);
    });
  }

  /** Removes a policy that is neither the default nor assigned; false when it was either. */
  async remove(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // A SELECT over the DELETE: drivers answer DELETE ... RETURNING in different shapes.
      const [{ count }] = await manager.query(
        `WITH gone AS (
           DELETE FROM directory.mobile_device_mailbox_policy p WHERE id = $1 AND NOT is_default
              AND NOT EXISTS (SELECT 1 FROM directory.mailbox_policy_assignment a WHERE a.policy_id = p.id)
           RETURNING id)
         SELECT count(*)::int AS count FROM gone`,
        [id],
      );
      return count === 1;
    });
  }

  async countAssigned(id: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM directory.mailbox_policy_assignment WHERE policy_id = $1',
      [id],
    );
    return count;
  }

  /** Assigns a policy to a user; null sets the user back to the default. */
  async assign(userId: string, policyId: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO directory.mailbox_policy_assignment (user_id, policy_id) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET policy_id = excluded.policy_id`,
      [userId, policyId],
    );
  }

  /** The user's own policy, or the default when none is assigned. */
  async effectiveFor(userId: string): Promise<{ policy: MailboxPolicyRow; usesDefault: boolean }> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `p.${c}`)
        .join(', ')} FROM directory.mailbox_policy_assignment a
         JOIN directory.mobile_device_mailbox_policy p ON p.id = a.policy_id
        WHERE a.user_id = $1`,
      [userId],
    );
    return row
      ? { policy: fromRow(row), usesDefault: false }
      : { policy: await this.findDefault(), usesDefault: true };
  }

  private async makeDefault(manager: EntityManager, id: string): Promise<void> {
    // Two statements: the partial unique index allows only one default at any moment.
    await manager.query(
      'UPDATE directory.mobile_device_mailbox_policy SET is_default = false WHERE is_default AND id <> $1',
      [id],
    );
    await manager.query(
      'UPDATE directory.mobile_device_mailbox_policy SET is_default = true, updated_at = now() WHERE id = $1',
      [id],
    );
  }
}
