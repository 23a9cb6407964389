/**
 * Email address policies and the stamping of their addresses on a mailbox. Stamping runs in one
 * transaction per mailbox: it adds what the policy produces (source 'policy'), makes the reply
 * address primary, and removes earlier 'policy' addresses no longer produced; 'manual'
 * addresses are never removed.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DirectoryConflictError, isUniqueViolation } from '../../persistence/directory.repository';

export interface AddressPolicyRow {
  id: string;
  name: string;
  priority: number;
  domain: string | null;
  /** Exchange form, `SMTP:` reply template first. */
  templates: string[];
}

export interface StampResult {
  changed: boolean;
  /** Generated addresses another recipient already has. */
  taken: string[];
}

function fromRow(row: Record<string, unknown>): AddressPolicyRow {
  return {
    id: row.id as string,
    name: row.name as string,
    priority: row.priority as number,
    domain: (row.domain as string | null) ?? null,
    templates: (typeof row.templates === 'string'
      ? JSON.parse(row.templates)
      : row.templates) as string[],
  };
}

export class AddressPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<AddressPolicyRow[]> {
    const rows = await this.dataSource.query(
      'SELECT * FROM directory.email_address_policy ORDER BY priority',
    );
    return rows.map(fromRow);
  }

  async find(name: string): Promise<AddressPolicyRow | null> {
    const [row] = await this.dataSource.query(
      'SELECT * FROM directory.email_address_policy WHERE lower(name) = lower($1)',
      [name],
    );
    return row ? fromRow(row) : null;
  }

  /** The policy that governs a mailbox: the first, by priority, whose filter selects it. */
  async governing(primaryDomain: string): Promise<AddressPolicyRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT * FROM directory.email_address_policy WHERE domain IS NULL OR domain = $1
        ORDER BY priority LIMIT 1`,
      [primaryDomain.toLowerCase()],
    );
    return row ? fromRow(row) : null;
  }

  async add(input: Omit<AddressPolicyRow, 'id'>): Promise<AddressPolicyRow> {
    await this.dataSource
      .query(
        `INSERT INTO directory.email_address_policy (id, name, priority, domain, templates)
         VALUES ($1, $2, $3, $4, $5)`,
        [randomUUID(), input.name, input.priority, input.domain, JSON.stringify(input.templates)],
      )
      .catch((error) => {
        throw isUniqueViolation(error)
          ? new DirectoryConflictError(
              `an email address policy named ${input.name} or with priority ${input.priority} already exists`,
            )
          : error;
      });
    return (await this.find(input.name))!;
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM directory.email_address_policy WHERE id = $1', [id]);
  }

  /**
   * Stamps `addresses` (reply address first; may be empty when nothing could be generated) on
   * a mailbox. An address another recipient holds is skipped and reported, never taken over.
   */
  async stamp(mailboxId: string, reply: string | null, others: string[]): Promise<StampResult> {
    const wanted = [...(reply ? [reply] : []), ...others];
    return this.dataSource
      .transaction(async (manager) => {
        let changed = false;
        const taken: string[] = [];
        const produced = new Set<string>();
        for (const address of wanted) {
          const [owner] = await manager.query(
            `SELECT recipient_id AS id FROM directory.proxy_address WHERE address = $1
             UNION ALL SELECT id FROM directory.mail_contact WHERE external_email_address = $1`,
            [address],
          );
          if (owner && owner.id !== mailboxId) {
            taken.push(address);
            continue;
          }
          produced.add(address);
          if (!owner) {
            await manager.query(
              `INSERT INTO directory.proxy_address (address, recipient_id, recipient_kind, is_primary, source)
               VALUES ($1, $2, 'mailbox', false, 'policy')`,
              [address, mailboxId],
            );
            changed = true;
          }
        }
        if (reply && produced.has(reply)) {
          const [current] = await manager.query(
            'SELECT address FROM directory.proxy_address WHERE recipient_id = $1 AND is_primary',
            [mailboxId],
          );
          if (current?.address !== reply) {
            await manager.query(
              'UPDATE directory.proxy_address SET is_primary = false WHERE recipient_id = $1 AND is_primary',
              [mailboxId],
            );
            await manager.query(
              'UPDATE directory.proxy_address SET is_primary = true WHERE address = $1',
              [reply],
            );
            changed = true;
          }
        }
        // Earlier policy addresses the policy no longer produces; never the primary.
        const [{ removed }] = await manager.query(
          `WITH gone AS (
             DELETE FROM directory.proxy_address
              WHERE recipient_id = $1 AND source = 'policy' AND NOT is_primary
                AND address NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
             RETURNING address)
           SELECT count(*)::int AS removed FROM gone`,
          [mailboxId, JSON.stringify([...produced])],
        );
        return { changed: changed || removed > 0, taken };
      })
      .catch((error) => {
        // Another writer took one of the addresses between our check and our insert.
        throw isUniqueViolation(error)
          ? new DirectoryConflictError(
              'an address changed while the policy was applied: apply it again',
            )
          : error;
      });
  }
}
