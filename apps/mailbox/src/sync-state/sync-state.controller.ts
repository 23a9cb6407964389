import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  HierarchyStateConfirm,
  HierarchyStateConfirmRequest,
  HierarchyStateGet,
  HierarchyStateGetRequest,
  HierarchyStatePropose,
  HierarchyStateProposeRequest,
  SyncClientIdRecord,
  SyncClientIdRecordRequest,
  SyncClientIds,
  SyncClientIdsRequest,
  SyncStateBehind,
  SyncStateBehindRequest,
  SyncStateConfirm,
  SyncStateConfirmRequest,
  SyncStateGet,
  SyncStateGetRequest,
  SyncStatePropose,
  SyncStateProposeRequest,
  SyncStateReset,
  SyncStateResetRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { FOLDER_HIERARCHY, SyncStateService } from './sync-state.service';

/** Sync and FolderSync state requests from CAS: validate, then hand to the service. */
@Controller()
export class SyncStateController {
  constructor(private readonly syncState: SyncStateService) {}

  @MessagePattern(SyncStateGet.subject)
  get(payload: unknown) {
    const r = parsePayload(SyncStateGetRequest, payload);
    return this.syncState.get(
      r.mailbox,
      r.deviceId,
      r.collectionId,
      r.confirm,
      r.alongside,
      r.changes,
    );
  }

  @MessagePattern(SyncStatePropose.subject)
  propose(payload: unknown) {
    const r = parsePayload(SyncStateProposeRequest, payload);
    return this.syncState.propose(r.mailbox, r.deviceId, r.collectionId, r);
  }

  @MessagePattern(SyncStateConfirm.subject)
  confirm(payload: unknown) {
    const r = parsePayload(SyncStateConfirmRequest, payload);
    return this.syncState.confirm(r.mailbox, r.deviceId, r.collectionId, r.key);
  }

  @MessagePattern(SyncClientIds.subject)
  clientIds(payload: unknown) {
    const r = parsePayload(SyncClientIdsRequest, payload);
    return this.syncState.clientIds(r.mailbox, r.deviceId, r.collectionId, r.clientIds);
  }

  @MessagePattern(SyncClientIdRecord.subject)
  recordClientId(payload: unknown) {
    const r = parsePayload(SyncClientIdRecordRequest, payload);
    return this.syncState.recordClientId(r.mailbox, r.deviceId, r.collectionId, r);
  }

  @MessagePattern(SyncStateBehind.subject)
  async behind(payload: unknown) {
    const r = parsePayload(SyncStateBehindRequest, payload);
    return { collectionIds: await this.syncState.behind(r.mailbox, r.deviceId, r.collectionIds) };
  }

  @MessagePattern(SyncStateReset.subject)
  reset(payload: unknown) {
    const r = parsePayload(SyncStateResetRequest, payload);
    return this.syncState.reset(r.mailbox, r.deviceId, r.collectionId);
  }

  @MessagePattern(HierarchyStateGet.subject)
  getHierarchy(payload: unknown) {
    const r = parsePayload(HierarchyStateGetRequest, payload);
    return this.syncState.get(r.mailbox, r.deviceId, FOLDER_HIERARCHY);
  }

  @MessagePattern(HierarchyStatePropose.subject)
  proposeHierarchy(payload: unknown) {
    const r = parsePayload(HierarchyStateProposeRequest, payload);
    return this.syncState.propose(r.mailbox, r.deviceId, FOLDER_HIERARCHY, r);
  }

  @MessagePattern(HierarchyStateConfirm.subject)
  confirmHierarchy(payload: unknown) {
    const r = parsePayload(HierarchyStateConfirmRequest, payload);
    return this.syncState.confirm(r.mailbox, r.deviceId, FOLDER_HIERARCHY, r.key);
  }
}
