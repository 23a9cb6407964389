/**
 * Client certificate to user: explicit subject mappings stored per user, and the implicit
 * mappings by a SAN UPN (the user principal name) or a SAN email (any of a user's addresses).
 * Disabled accounts never map: the answer is used to sign someone in.
 */
import type { DataSource } from 'typeorm';
import { DirectoryConflictError, isUniqueViolation } from '../../persistence/directory.repository';

/** A user has a few certificates at most; the list is bounded anyway. */
const MAX_MAPPINGS_PER_USER = 1000;

export class CertificateMappingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The mailbox user owning `address` (any proxy address): id and UPN. */
  async findUser(address: string): Promise<{ id: string; userPrincipalName: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.user_principal_name AS "userPrincipalName"
         FROM directory.proxy_address p JOIN directory.mailbox_user u ON u.id = p.recipient_id
        WHERE p.address = $1 AND p.recipient_kind = 'mailbox'`,
      [address.toLowerCase()],
    );
    return row ?? null;
  }

  /** Adds a mapping; the same subject for the same user again is a no-op. */
  async add(userId: string, subject: string): Promise<void> {
    const [owner] = await this.dataSource
      .query(
        `INSERT INTO directory.certificate_mapping (subject, user_id) VALUES ($1, $2)
       ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject
         WHERE directory.certificate_mapping.user_id = excluded.user_id
       RETURNING user_id`,
        [subject, userId],
      )
      .catch((error) => {
        throw isUniqueViolation(error) ? this.mappedElsewhere(subject) : error;
      });
    // No row back: the subject is already mapped to someone else.
    if (!owner) throw this.mappedElsewhere(subject);
  }

  async remove(userId: string, subject: string): Promise<boolean> {
    // A SELECT around the DELETE: TypeORM answers a bare DELETE with [rows, count], not rows.
    const [{ removed }] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM directory.certificate_mapping WHERE user_id = $1 AND subject = $2 RETURNING 1)
       SELECT count(*)::int AS removed FROM gone`,
      [userId, subject],
    );
    return removed > 0;
  }

  async list(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT subject FROM directory.certificate_mapping WHERE user_id = $1 ORDER BY subject LIMIT ${MAX_MAPPINGS_PER_USER}`,
      [userId],
    );
    return rows.map((row: { subject: string }) => row.subject);
  }

  async byUpn(upn: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT user_principal_name AS upn FROM directory.mailbox_user
        WHERE user_principal_name = $1 AND NOT account_disabled`,
      [upn.toLowerCase()],
    );
    return row?.upn ?? null;
  }

  /** The first of `emails`, in the order given, that is an address of an enabled user. */
  async byEmail(emails: string[]): Promise<string | null> {
    if (emails.length === 0) return null;
    const lower = emails.map((email) => email.toLowerCase());
    const rows: Array<{ address: string; upn: string }> = await this.dataSource.query(
      `SELECT p.address, u.user_principal_name AS upn
         FROM directory.proxy_address p JOIN directory.mailbox_user u ON u.id = p.recipient_id
        WHERE p.address = ANY($1) AND p.recipient_kind = 'mailbox' AND NOT u.account_disabled`,
      [lower],
    );
    const found = lower.map((email) => rows.find((row) => row.address === email)).find(Boolean);
    return found?.upn ?? null;
  }

  async bySubject(subject: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT u.user_principal_name AS upn
         FROM directory.certificate_mapping m JOIN directory.mailbox_user u ON u.id = m.user_id
        WHERE m.subject = $1 AND NOT u.account_disabled`,
      [subject],
    );
    return row?.upn ?? null;
  }

  private mappedElsewhere(subject: string): DirectoryConflictError {
    return new DirectoryConflictError(
      `the certificate subject ${subject} is already mapped to another user: remove that mapping first`,
    );
  }
}
