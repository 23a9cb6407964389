/** The ActiveSync virtual directory's one settings row. */
import type { DataSource } from 'typeorm';
import type { ActiveSyncVirtualDirectory } from '@mail/contracts';

export type VirtualDirectoryChanges = Partial<Omit<ActiveSyncVirtualDirectory, 'name'>>;

/** Exchange's name for the EAS virtual directory. */
export const ACTIVESYNC_VDIR_NAME = 'Microsoft-Server-ActiveSync';

const COLUMNS: Array<[keyof VirtualDirectoryChanges, string]> = [
  ['internalUrl', 'internal_url'],
  ['externalUrl', 'external_url'],
  ['basicAuthEnabled', 'basic_auth_enabled'],
  ['clientCertAuth', 'client_cert_auth'],
  ['remoteDocumentsAllowedServers', 'remote_documents_allowed_servers'],
  ['remoteDocumentsBlockedServers', 'remote_documents_blocked_servers'],
  ['remoteDocumentsInternalDomainSuffixList', 'remote_documents_internal_domain_suffix_list'],
];

export class VirtualDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(): Promise<ActiveSyncVirtualDirectory> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS.map(([field, column]) => `${column} AS "${field}"`).join(', ')}
         FROM directory.activesync_virtual_directory WHERE id = 1`,
    );
    return { name: ACTIVESYNC_VDIR_NAME, ...row };
  }

  async set(changes: VirtualDirectoryChanges): Promise<void> {
    const params: unknown[] = [];
    const sets = COLUMNS.filter(([field]) => changes[field] !== undefined).map(
      ([field, column]) => {
        params.push(changes[field]);
        return `${column} = $${params.length}`;
      },
    );
    if (sets.length === 0) return;
    await this.dataSource.query(
      `UPDATE directory.activesync_virtual_directory SET ${sets.join(', ')} WHERE id = 1`,
      params,
    );
  }
}
