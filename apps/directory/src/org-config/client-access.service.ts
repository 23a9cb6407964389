/**
 * Client access settings: the ActiveSync virtual directory and client-certificate mappings.
 * Certificate sign-in tries the SAN UPN, then the SAN emails, then an explicit subject mapping,
 * the order in which IIS/Exchange client-certificate mapping prefers them.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  CredentialChanged,
  VirtualDirectoryChanged,
  type ActiveSyncVirtualDirectory,
  type CertificateMapping,
  type CertificateMapRequest,
  type VirtualDirectorySetRequest,
} from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import type { z } from 'zod';
import { DirectoryConflictError } from '../persistence/directory.repository';
import { CertificateMappingRepository } from './persistence/certificate-mapping.repository';
import { VirtualDirectoryRepository } from './persistence/vdir.repository';

@Injectable()
export class ClientAccessService {
  constructor(
    private readonly vdir: VirtualDirectoryRepository,
    private readonly mappings: CertificateMappingRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  getVirtualDirectory(): Promise<ActiveSyncVirtualDirectory> {
    return this.vdir.get();
  }

  async setVirtualDirectory(
    changes: z.output<typeof VirtualDirectorySetRequest>,
  ): Promise<ActiveSyncVirtualDirectory> {
    const current = await this.vdir.get();
    const allowed = changes.remoteDocumentsAllowedServers ?? current.remoteDocumentsAllowedServers;
    const blocked = changes.remoteDocumentsBlockedServers ?? current.remoteDocumentsBlockedServers;
    const both = allowed.find((host) => blocked.includes(host));
    if (both)
      throw new BusError(
        'bad-request',
        `remoteDocumentsBlockedServers: ${both} is also an allowed server; a host is in one list only`,
      );
    // With Basic off and certificates ignored, no device could sign in at all.
    const basic = changes.basicAuthEnabled ?? current.basicAuthEnabled;
    const certificates = changes.clientCertAuth ?? current.clientCertAuth;
    if (!basic && certificates === 'Ignore')
      throw new BusError(
        'bad-request',
        'basicAuthEnabled: turning Basic off needs client certificates (Accepted or Required)',
      );
    await this.vdir.set({
      ...changes,
      remoteDocumentsAllowedServers: changes.remoteDocumentsAllowedServers && [...new Set(allowed)],
      remoteDocumentsBlockedServers: changes.remoteDocumentsBlockedServers && [...new Set(blocked)],
      remoteDocumentsInternalDomainSuffixList: changes.remoteDocumentsInternalDomainSuffixList && [
        ...new Set(changes.remoteDocumentsInternalDomainSuffixList),
      ],
    });
    await this.runtime.bus.emit(VirtualDirectoryChanged, {});
    return this.vdir.get();
  }

  async addMapping(mailbox: string, subject: string): Promise<CertificateMapping> {
    const user = await this.user(mailbox);
    try {
      await this.mappings.add(user.id, subject);
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
      throw error;
    }
    await this.signInChanged(user.userPrincipalName);
    return { mailbox: user.userPrincipalName, subject };
  }

  /** A mapping is a way to sign in: every CAS forgets what it remembered of this user. */
  private async signInChanged(userPrincipalName: string): Promise<void> {
    await this.runtime.bus.emit(CredentialChanged, { userPrincipalName });
  }

  async removeMapping(mailbox: string, subject: string): Promise<{ removed: CertificateMapping }> {
    const user = await this.user(mailbox);
    if (!(await this.mappings.remove(user.id, subject)))
      throw new BusError('not-found', `${user.userPrincipalName} has no mapping for ${subject}`);
    await this.signInChanged(user.userPrincipalName);
    return { removed: { mailbox: user.userPrincipalName, subject } };
  }

  async listMappings(mailbox: string): Promise<{ certificateMappings: CertificateMapping[] }> {
    const user = await this.user(mailbox);
    const subjects = await this.mappings.list(user.id);
    return {
      certificateMappings: subjects.map((subject) => ({
        mailbox: user.userPrincipalName,
        subject,
      })),
    };
  }

  async map(
    certificate: z.output<typeof CertificateMapRequest>,
  ): Promise<{ userPrincipalName: string; mappedBy: 'sanUpn' | 'sanEmail' | 'subject' }> {
    const byUpn = certificate.sanUpn && (await this.mappings.byUpn(certificate.sanUpn));
    if (byUpn) return { userPrincipalName: byUpn, mappedBy: 'sanUpn' };
    const byEmail = await this.mappings.byEmail(certificate.sanEmails);
    if (byEmail) return { userPrincipalName: byEmail, mappedBy: 'sanEmail' };
    const bySubject = certificate.subject && (await this.mappings.bySubject(certificate.subject));
    if (bySubject) return { userPrincipalName: bySubject, mappedBy: 'subject' };
    throw new BusError('not-found', 'the certificate maps to no enabled user');
  }

  private async user(mailbox: string) {
    const user = await this.mappings.findUser(mailbox);
    if (!user) throw new BusError('not-found', `no mailbox has the address ${mailbox}`);
    return user;
  }
}
