/**
 * SendMail, SmartReply and SmartForward are one command with three names (MS-ASCMD 2.2.1.17,
 * 2.2.1.20, 2.2.1.19): the same request, the same flow, the same statuses. The body is read
 * raw because its form depends on the version (compose-request.ts decodes 14.0+ WBXML).
 */
import { WbxmlDecodeError, el } from '@mail/wbxml';
import type { EasCommand } from '../command';
import { EAS_LIMITS } from '../limits';
import { versionsFrom } from '../protocol';
import { handleCompose, type ComposeResponse } from './compose-mail';
import {
  parseComposeRequest,
  type ComposeCommandName,
  type ComposeRequest,
} from './compose-request';
import { COMPOSE_STATUS } from './compose-status';

const NS = 'ComposeMail';

type Parsed = ComposeRequest | { status: number };

export function composeCommand(name: ComposeCommandName): EasCommand<Parsed, ComposeResponse> {
  return {
    name,
    versions: versionsFrom('2.5'),
    requiresPolicyKey: true,
    allowedWhenQuarantined: false,
    body: 'mime',
    maxBodyBytes: EAS_LIMITS.composeMaxBodyBytes,
    root: { ns: NS, tag: name },
    protocolErrorStatus: COMPOSE_STATUS.invalidXml,
    serverErrorStatus: COMPOSE_STATUS.serverError,
    parse(body, context) {
      try {
        return parseComposeRequest(body, context.version, context.query, name);
      } catch (error) {
        if (!(error instanceof WbxmlDecodeError)) throw error;
        context.log.info({ reason: error.message }, 'malformed WBXML');
        return { status: COMPOSE_STATUS.invalidWbxml };
      }
    },
    handle(request, context) {
      if (!('mime' in request)) return Promise.resolve(request);
      return handleCompose(request, context);
    },
    // MS-ASCMD: success is an empty body; a failure carries only the Status.
    write(response) {
      if (response.status === COMPOSE_STATUS.success) return null;
      return el(NS, name, [el(NS, 'Status', String(response.status))]);
    },
  };
}
