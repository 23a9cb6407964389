/**
 * First start of an organization: the first accepted domain (ORG_DOMAIN, authoritative) and
 * the first administrator, admin@ORG_DOMAIN, whose password is ADMIN_PASSWORD or, if unset,
 * generated, printed once and kept in DATA_DIR/admin-password (mode 0600). Later starts find
 * both and change nothing: passwords are changed through the admin API, not the environment.
 */
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { DirectoryRepository } from '../persistence/directory.repository';
import { RecipientsService } from '../recipients/recipients.service';

export const ADMIN_PASSWORD_FILE = 'admin-password';

@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly recipients: RecipientsService,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { orgDomain, adminPassword, dataDir } = this.runtime.config;
    const log = this.runtime.logger;
    if (await this.directory.ensureAcceptedDomain(orgDomain, 'Authoritative', true)) {
      log.info({ domain: orgDomain }, 'bootstrap: accepted domain created');
    }
    const upn = `admin@${orgDomain}`;
    if (await this.directory.findUserByPrincipalName(upn)) return;

    const password = adminPassword ?? randomBytes(18).toString('base64url');
    try {
      await this.recipients.addMailbox({
        address: upn,
        displayName: 'Administrator',
        password,
        isAdmin: true,
        easEnabled: true,
      });
    } catch (error) {
      // Another directory instance starting at the same moment created it first.
      if (error instanceof BusError && error.code === 'conflict') return;
      throw error;
    }
    log.info({ userPrincipalName: upn }, 'bootstrap: administrator created');
    if (adminPassword === undefined) {
      const file = join(dataDir, ADMIN_PASSWORD_FILE);
      writeFileSync(file, `${password}\n`, { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
      // Printed once, on the console only (never into the structured log).
      process.stdout.write(
        `\n  Administrator: ${upn}\n  Password:      ${password}\n  (also stored in ${file}, readable only by this user)\n\n`,
      );
    }
  }
}
