/**
 * The hierarchy SyncKey every folder command carries (FolderSync, FolderCreate, FolderUpdate,
 * FolderDelete), resolved against the device's two generations (DESIGN.md, "Sync state"):
 * the pending key confirms the pending generation; the acknowledged key again means the
 * device lost the answer, which for a FolderSync answer is sent again byte for byte; any other
 * key is unknown (Status 9). A change the device makes is proposed as the next key.
 */
import { encode, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import {
  decodeState,
  encodeState,
  type HeldFolder,
  type HierarchyAnswerKind,
  type HierarchyState,
} from './folder-state';

export interface HeldHierarchy {
  key: number;
  state: HierarchyState;
  /** The mailbox's hierarchy change number the state was made at. */
  changeNumber: number;
  /** The change number at which CAS last found the state current. */
  verifiedChangeNumber: number;
  /** Base64 of the FolderSync answer the device lost, to send again as it was. */
  replay?: string;
}

const SYNC_KEY = /^[1-9][0-9]{0,15}$/;

/** Decoded states, by the (remembered) generation object they came in. */
const decoded = new WeakMap<object, HierarchyState | null>();
function stateOf(generation: { data: string }): HierarchyState | null {
  let state = decoded.get(generation);
  if (state === undefined) decoded.set(generation, (state = decodeState(generation.data)));
  return state;
}

/** null: a key this device does not hold (malformed, stale, or from a state we lost). */
export async function heldHierarchy(
  context: EasContext,
  syncKey: string,
): Promise<HeldHierarchy | null> {
  if (!SYNC_KEY.test(syncKey)) return null;
  const key = Number(syncKey);
  const { hierarchy } = context.services;
  const mailbox = context.user.userPrincipalName;
  const deviceId = context.device.id;
  const { generations, verifiedChangeNumber } = await hierarchy.generations(mailbox, deviceId);
  const { acknowledged, pending } = generations;
  if (pending?.key === key) {
    if ((await hierarchy.confirm(mailbox, deviceId, key)).status !== 'ok') return null;
    const state = stateOf(pending.state);
    const changeNumber = pending.state.changeNumber;
    return state && { key, state, changeNumber, verifiedChangeNumber: changeNumber };
  }
  if (acknowledged?.key !== key) return null;
  const state = stateOf(acknowledged.state);
  if (!state) return null;
  const lost = pending && stateOf(pending.state);
  return {
    key,
    state,
    changeNumber: acknowledged.state.changeNumber,
    verifiedChangeNumber,
    replay: lost?.by === 'FolderSync' ? pending!.answer : undefined,
  };
}

/**
 * Proposes `key` for the device holding `folders`, with the response that carries it; the
 * encoded response, or null when another request changed the device's keys meanwhile.
 */
export async function proposeHierarchy(
  context: EasContext,
  proposal: {
    key: number;
    by: HierarchyAnswerKind;
    folders: HeldFolder[];
    changeNumber: number;
    response: WbxmlElement;
  },
): Promise<Uint8Array | null> {
  const answer = encode(proposal.response);
  const reply = await context.services.hierarchy.propose(
    context.user.userPrincipalName,
    context.device.id,
    proposal.key,
    {
      changeNumber: proposal.changeNumber,
      data: encodeState({ by: proposal.by, folders: proposal.folders }),
    },
    answer,
  );
  return reply.status === 'ok' ? answer : null;
}
