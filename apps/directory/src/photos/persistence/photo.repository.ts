/** Photos of mailbox users, found by any of their addresses. */
import type { DataSource } from 'typeorm';
import type { GalPhoto } from '@mail/contracts';

const USER_OF = `SELECT recipient_id FROM directory.proxy_address
  WHERE address = $1 AND recipient_kind = 'mailbox'`;

export class PhotoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the photo; false when no mailbox user has this address. */
  async set(address: string, photo: Buffer): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO directory.mailbox_photo (mailbox_user_id, photo)
       SELECT recipient_id, $2 FROM (${USER_OF}) u
       ON CONFLICT (mailbox_user_id) DO UPDATE SET photo = excluded.photo, updated_at = now()
       RETURNING mailbox_user_id`,
      [address, photo],
    );
    return rows.length === 1;
  }

  /** Removes the photo; false when there was none. */
  async remove(address: string): Promise<boolean> {
    // As a SELECT over the deletion: TypeORM answers a bare DELETE with [rows, count].
    const [{ removed }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM directory.mailbox_photo WHERE mailbox_user_id IN (${USER_OF})
         RETURNING mailbox_user_id)
       SELECT count(*)::int AS removed FROM gone`,
      [address],
    );
    return removed > 0;
  }

  async photos(addresses: string[]): Promise<GalPhoto[]> {
    const rows: Array<{ address: string; photo: Buffer }> = await this.dataSource.query(
      `SELECT p.address, m.photo FROM directory.proxy_address p
         JOIN directory.mailbox_photo m ON m.mailbox_user_id = p.recipient_id
        WHERE p.address = ANY($1::text[])`,
      [addresses],
    );
    return rows.map((r) => ({ address: r.address, photo: r.photo.toString('base64') }));
  }
}
