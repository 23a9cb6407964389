/** Mailbox users' S/MIME certificates, found by any of their addresses. */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { GalCertificates } from '@mail/contracts';

const USER_OF = `SELECT recipient_id FROM directory.proxy_address
  WHERE address = $1 AND recipient_kind = 'mailbox'`;

export class CertificateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Publishes the certificate (again: no change) unless the user has `max` already; the count
   * afterwards, or null when no mailbox user has the address.
   */
  async add(address: string, der: Buffer, max: number): Promise<number | null> {
    const thumbprint = createHash('sha256').update(der).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const [user] = await manager.query(`${USER_OF} FOR UPDATE`, [address]);
      if (!user) return null;
      await manager.query(
        `INSERT INTO directory.mailbox_certificate (mailbox_user_id, thumbprint, der)
         SELECT $1, $2, $3
          WHERE (SELECT count(*) FROM directory.mailbox_certificate WHERE mailbox_user_id = $1) < $4
         ON CONFLICT DO NOTHING`,
        [user.recipient_id, thumbprint, der, max],
      );
      const [{ count }] = await manager.query(
        'SELECT count(*)::int AS count FROM directory.mailbox_certificate WHERE mailbox_user_id = $1',
        [user.recipient_id],
      );
      return count as number;
    });
  }

  /** Removes every certificate of the user; how many there were. */
  async removeAll(address: string): Promise<number> {
    // As a SELECT over the deletion: TypeORM answers a bare DELETE with [rows, count].
    const [{ removed }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM directory.mailbox_certificate WHERE mailbox_user_id IN (${USER_OF})
         RETURNING 1)
       SELECT count(*)::int AS removed FROM gone`,
      [address],
    );
    return removed;
  }

  async certificates(addresses: string[]): Promise<GalCertificates[]> {
    const rows: Array<{ address: string; ders: Buffer[] }> = await this.dataSource.query(
      `SELECT p.address, array_agg(c.der ORDER BY c.added_at) AS ders
         FROM directory.proxy_address p
         JOIN directory.mailbox_certificate c ON c.mailbox_user_id = p.recipient_id
        WHERE p.address = ANY($1::text[])
        GROUP BY p.address`,
      [addresses],
    );
    return rows.map((r) => ({
      address: r.address,
      certificates: r.ders.map((der) => der.toString('base64')),
    }));
  }
}
