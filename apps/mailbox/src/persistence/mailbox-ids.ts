/**
 * Mailbox names (owners' user principal names) to the ids rows are keyed by. A mailbox is never
 * deleted or renamed, so an id once found is remembered; the cache is bounded.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEFAULT_FOLDERS } from './default-folders';
import { notFound } from '../errors';

const REMEMBERED = 10_000;

export class MailboxIds {
  private readonly ids = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  /** The mailbox's id, or not-found. */
  async require(owner: string): Promise<string> {
    const id = await this.find(owner);
    if (!id) throw notFound('mailbox');
    return id;
  }

  /** The mailbox's id, or null when nothing has created it yet. */
  async find(owner: string): Promise<string | null> {
    return this.ids.get(owner) ?? (await this.lookup(owner));
  }

  /** Creates the mailbox with its default folders unless it exists; safe when callers race. */
  async ensure(owner: string): Promise<{ id: string; created: boolean }> {
    const known = this.ids.get(owner);
    if (known) return { id: known, created: false };
    const result = await this.dataSource.transaction(async (manager) => {
      // ON CONFLICT waits for a racing creator's commit, then yields to it.
      const inserted = await manager.query(
        `INSERT INTO mailbox.mailbox (id, owner) VALUES ($1, $2)
         ON CONFLICT (owner) DO NOTHING RETURNING id`,
        [randomUUID(), owner],
      );
      if (inserted.length === 0) {
        const [row] = await manager.query('SELECT id FROM mailbox.mailbox WHERE owner = $1', [
          owner,
        ]);
        return { id: row.id as string, created: false };
      }
      const id: string = inserted[0].id;
      await manager.query(
        `INSERT INTO mailbox.folder (id, mailbox_id, parent_id, display_name, folder_type, is_default)
         SELECT f.id, $1, NULL, f.name, f.type, true
         FROM unnest($2::uuid[], $3::text[], $4::smallint[]) AS f(id, name, type)`,
        [
          id,
          DEFAULT_FOLDERS.map(() => randomUUID()),
          DEFAULT_FOLDERS.map(([name]) => name),
          DEFAULT_FOLDERS.map(([, type]) => type),
        ],
      );
      return { id, created: true };
    });
    this.remember(owner, result.id);
    return result;
  }

  private async lookup(owner: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT id FROM mailbox.mailbox WHERE owner = $1', [
      owner,
    ]);
    if (row) this.remember(owner, row.id);
    return row?.id ?? null;
  }

  private remember(owner: string, id: string) {
    if (this.ids.size >= REMEMBERED) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(owner, id);
  }
}
