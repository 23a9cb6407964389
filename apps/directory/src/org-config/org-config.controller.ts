import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CertificateMap,
  CertificateMapRequest,
  CertificateMappingAdd,
  CertificateMappingList,
  CertificateMappingListRequest,
  CertificateMappingRemove,
  CertificateMappingRequest,
  GalResolve,
  GalResolveRequest,
  GalSearch,
  GalSearchRequest,
  ReceiveConnectorList,
  ReceiveConnectorListRequest,
  ReceiveConnectorSet,
  ReceiveConnectorSetRequest,
  ReceiveConnectorShow,
  ReceiveConnectorShowRequest,
  SendConnectorAdd,
  SendConnectorAddRequest,
  SendConnectorCredential,
  SendConnectorCredentialRequest,
  SendConnectorList,
  SendConnectorListRequest,
  SendConnectorRemove,
  SendConnectorRemoveRequest,
  SendConnectorRoute,
  SendConnectorRouteRequest,
  SendConnectorSet,
  SendConnectorSetRequest,
  SendConnectorShow,
  SendConnectorShowRequest,
  VirtualDirectoryGet,
  VirtualDirectoryGetRequest,
  VirtualDirectorySet,
  VirtualDirectorySetRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { ClientAccessService } from './client-access.service';
import { ConnectorsService } from './connectors.service';
import { GalService } from './gal.service';

/** The directory's organization-configuration requests on the bus: validate, then hand over. */
@Controller()
export class OrgConfigController {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly clientAccess: ClientAccessService,
    private readonly gal: GalService,
  ) {}

  @MessagePattern(ReceiveConnectorList.subject)
  listReceiveConnectors(payload: unknown) {
    parsePayload(ReceiveConnectorListRequest, payload);
    return this.connectors.listReceiveConnectors();
  }

  @MessagePattern(ReceiveConnectorShow.subject)
  showReceiveConnector(payload: unknown) {
    return this.connectors.showReceiveConnector(
      parsePayload(ReceiveConnectorShowRequest, payload).name,
    );
  }

  @MessagePattern(ReceiveConnectorSet.subject)
  setReceiveConnector(payload: unknown) {
    return this.connectors.setReceiveConnector(parsePayload(ReceiveConnectorSetRequest, payload));
  }

  @MessagePattern(SendConnectorAdd.subject)
  addSendConnector(payload: unknown) {
    return this.connectors.addSendConnector(parsePayload(SendConnectorAddRequest, payload));
  }

  @MessagePattern(SendConnectorSet.subject)
  setSendConnector(payload: unknown) {
    return this.connectors.setSendConnector(parsePayload(SendConnectorSetRequest, payload));
  }

  @MessagePattern(SendConnectorList.subject)
  listSendConnectors(payload: unknown) {
    parsePayload(SendConnectorListRequest, payload);
    return this.connectors.listSendConnectors();
  }

  @MessagePattern(SendConnectorShow.subject)
  showSendConnector(payload: unknown) {
    return this.connectors.showSendConnector(parsePayload(SendConnectorShowRequest, payload).name);
  }

  @MessagePattern(SendConnectorRemove.subject)
  removeSendConnector(payload: unknown) {
    return this.connectors.removeSendConnector(
      parsePayload(SendConnectorRemoveRequest, payload).name,
    );
  }

  @MessagePattern(SendConnectorRoute.subject)
  routeSendConnector(payload: unknown) {
    return this.connectors.route(parsePayload(SendConnectorRouteRequest, payload).domain);
  }

  /** Hub transport signs in to a smart host with it; the admin API has no route to this. */
  @MessagePattern(SendConnectorCredential.subject)
  sendConnectorCredential(payload: unknown) {
    return this.connectors.credential(parsePayload(SendConnectorCredentialRequest, payload).name);
  }

  @MessagePattern(VirtualDirectoryGet.subject)
  getVirtualDirectory(payload: unknown) {
    parsePayload(VirtualDirectoryGetRequest, payload);
    return this.clientAccess.getVirtualDirectory();
  }

  @MessagePattern(VirtualDirectorySet.subject)
  setVirtualDirectory(payload: unknown) {
    return this.clientAccess.setVirtualDirectory(parsePayload(VirtualDirectorySetRequest, payload));
  }

  @MessagePattern(CertificateMappingAdd.subject)
  addCertificateMapping(payload: unknown) {
    const { mailbox, subject } = parsePayload(CertificateMappingRequest, payload);
    return this.clientAccess.addMapping(mailbox, subject);
  }

  @MessagePattern(CertificateMappingRemove.subject)
  removeCertificateMapping(payload: unknown) {
    const { mailbox, subject } = parsePayload(CertificateMappingRequest, payload);
    return this.clientAccess.removeMapping(mailbox, subject);
  }

  @MessagePattern(CertificateMappingList.subject)
  listCertificateMappings(payload: unknown) {
    return this.clientAccess.listMappings(
      parsePayload(CertificateMappingListRequest, payload).mailbox,
    );
  }

  @MessagePattern(CertificateMap.subject)
  mapCertificate(payload: unknown) {
    return this.clientAccess.map(parsePayload(CertificateMapRequest, payload));
  }

  @MessagePattern(GalSearch.subject)
  searchGal(payload: unknown) {
    return this.gal.search(parsePayload(GalSearchRequest, payload));
  }

  @MessagePattern(GalResolve.subject)
  resolveGal(payload: unknown) {
    return this.gal.resolve(parsePayload(GalResolveRequest, payload));
  }
}
