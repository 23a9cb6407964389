/**
 * Settings Oof (MS-ASCMD 2.2.3.119): the Get and Set forms of a request, and the Get answer.
 * A reply is stored with the body type the device gave and converted when another is asked for.
 */
import {
  OOF_AUDIENCES,
  OOF_MAX_MESSAGE_CHARS,
  type OofAudience,
  type OofMessage,
  type OofSettings,
} from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import { children, childText, EasProtocolError } from '../command';

const NS = 'Settings';

/** The tag of each audience (2.2.3.12-14), as OofMessage says whom it applies to. */
const AUDIENCE_TAGS: Record<OofAudience, string> = {
  internal: 'AppliesToInternal',
  externalKnown: 'AppliesToExternalKnown',
  externalUnknown: 'AppliesToExternalUnknown',
};

export type BodyType = OofMessage['bodyType'];

export interface OofChangeRequest {
  state: 0 | 1 | 2;
  startTime?: string;
  endTime?: string;
  messages: Partial<Record<OofAudience, OofMessage>>;
}

export type OofRequest =
  | { kind: 'get'; bodyType: BodyType }
  | { kind: 'set'; change: OofChangeRequest }
  /** Well-formed but not a valid setting: Oof Status 5 (invalid arguments). */
  | { kind: 'invalid'; reason: string };

/** BodyType is Text or HTML; devices send it in any letter case. */
function bodyTypeOf(text: string | undefined): BodyType | undefined {
  const lower = text?.trim().toLowerCase();
  if (lower === 'text') return 'Text';
  if (lower === 'html') return 'HTML';
  return undefined;
}

function dateOf(text: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  const time = Date.parse(text.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function parseSet(set: WbxmlElement): OofRequest {
  const stateText = childText(set, 'OofState');
  if (stateText === undefined) throw new EasProtocolError('Oof Set needs an OofState');
  const state = Number(stateText.trim());
  if (state !== 0 && state !== 1 && state !== 2)
    return { kind: 'invalid', reason: `OofState ${stateText.slice(0, 8)} is not 0, 1 or 2` };
  const startTime = dateOf(childText(set, 'StartTime'));
  const endTime = dateOf(childText(set, 'EndTime'));
  if (startTime === null || endTime === null)
    return { kind: 'invalid', reason: 'StartTime and EndTime must be dates' };
  if (state === 2 && (!startTime || !endTime))
    return { kind: 'invalid', reason: 'OofState 2 needs StartTime and EndTime' };
  if (startTime && endTime && Date.parse(startTime) >= Date.parse(endTime))
    return { kind: 'invalid', reason: 'StartTime must be before EndTime' };
  const messages: OofChangeRequest['messages'] = {};
  for (const oofMessage of children(set).filter((c) => c.tag === 'OofMessage')) {
    const audience = OOF_AUDIENCES.find((a) =>
      children(oofMessage).some((c) => c.tag === AUDIENCE_TAGS[a]),
    );
    if (!audience) throw new EasProtocolError('OofMessage needs an AppliesTo element');
    const enabled = childText(oofMessage, 'Enabled')?.trim() === '1';
    const replyMessage = childText(oofMessage, 'ReplyMessage') ?? '';
    const bodyText = childText(oofMessage, 'BodyType');
    const bodyType = bodyText === undefined ? 'Text' : bodyTypeOf(bodyText);
    if (!bodyType) return { kind: 'invalid', reason: 'BodyType must be Text or HTML' };
    if (replyMessage.length > OOF_MAX_MESSAGE_CHARS)
      return { kind: 'invalid', reason: 'ReplyMessage is too long' };
    messages[audience] = { enabled, replyMessage, bodyType };
  }
  return {
    kind: 'set',
    change: {
      state,
      ...(startTime ? { startTime } : {}),
      ...(endTime ? { endTime } : {}),
      messages,
    },
  };
}

export function parseOof(oof: WbxmlElement): OofRequest {
  const get = children(oof).find((c) => c.tag === 'Get');
  const set = children(oof).find((c) => c.tag === 'Set');
  if (get && !set) {
    const bodyType = bodyTypeOf(childText(get, 'BodyType'));
    if (!bodyType) throw new EasProtocolError('Oof Get needs a BodyType of Text or HTML');
    return { kind: 'get', bodyType };
  }
  if (set && !get) return parseSet(set);
  throw new EasProtocolError('Oof needs one Get or one Set');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };

/** The reply in the body type asked for: tags dropped for Text, escaped lines for HTML. */
export function replyAs(message: OofMessage, bodyType: BodyType): string {
  const text = message.replyMessage;
  if (message.bodyType === bodyType) return text;
  if (bodyType === 'HTML')
    return `<html><body>${text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r?\n/g, '<br>')}</body></html>`;
  return text
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|nbsp);/g, (_m, name: string) => ENTITIES[name])
    .trim();
}

export function oofGetElement(settings: OofSettings, bodyType: BodyType): WbxmlElement {
  return el(NS, 'Get', [
    el(NS, 'OofState', String(settings.state)),
    ...(settings.startTime ? [el(NS, 'StartTime', settings.startTime)] : []),
    ...(settings.endTime ? [el(NS, 'EndTime', settings.endTime)] : []),
    ...OOF_AUDIENCES.map((audience) => {
      const message = settings.messages[audience];
      return el(NS, 'OofMessage', [
        el(NS, AUDIENCE_TAGS[audience], null),
        el(NS, 'Enabled', message.enabled ? '1' : '0'),
        el(NS, 'ReplyMessage', replyAs(message, bodyType)),
        el(NS, 'BodyType', bodyType),
      ]);
    }),
  ]);
}
