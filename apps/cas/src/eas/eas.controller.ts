/**
 * `/Microsoft-Server-ActiveSync` (MS-ASHTTP). OPTIONS tells an authenticated device which
 * protocol versions and commands the server offers; the commands themselves arrive with the
 * EAS issues, each registered in the command registry that also feeds this header.
 */
import { Controller, Options, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator';
import { EAS_PROTOCOL_VERSIONS, RETRY_AFTER_SECONDS, SERVER_VERSION } from './protocol';

export const EAS_PATH = '/Microsoft-Server-ActiveSync';
export const BASIC_CHALLENGE = 'Basic realm="Exchange ActiveSync"';

@Controller()
export class EasController {
  constructor(private readonly authenticator: Authenticator) {}

  @Options(EAS_PATH)
  async options(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const auth = await this.authenticator.authenticate(request.headers.authorization, request.ip);
    // A throttled device is challenged like a wrong password: it must not learn which it was.
    if (auth.outcome === 'challenge' || auth.outcome === 'throttled') {
      await reply.status(401).header('WWW-Authenticate', BASIC_CHALLENGE).send();
      return;
    }
    if (auth.outcome === 'unavailable') {
      await reply.status(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send();
      return;
    }
    await reply
      .status(200)
      .header('MS-Server-ActiveSync', SERVER_VERSION)
      .header('MS-ASProtocolVersions', EAS_PROTOCOL_VERSIONS.join(','))
      .header('Allow', 'OPTIONS,POST')
      .header('Public', 'OPTIONS,POST')
      .header('Cache-Control', 'private')
      .send();
  }
}
