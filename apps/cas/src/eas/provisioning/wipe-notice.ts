/**
 * The mail that tells a user their device acknowledged a remote wipe, delivered into their
 * Inbox over the bus. Its queue id is made from the wipe request, so a device repeating its
 * acknowledgement (it lost our answer) does not mail the user twice.
 */
import { createTransport } from 'nodemailer';
import { DeviceShow, MessageDeliver } from '@mail/contracts';
import type { EasContext } from '../command';

const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

export async function sendWipeNotice(context: EasContext, accountOnly: boolean): Promise<void> {
  const mailbox = context.user.userPrincipalName;
  const device = await context.bus.request(DeviceShow, {
    mailbox,
    deviceId: context.device.id,
    showRecoveryPassword: false,
  });
  const what = accountOnly ? 'this account was removed from' : 'all data was erased on';
  const when = device.deviceWipeAckTime ?? new Date(context.services.now()).toISOString();
  const { message } = await composer.sendMail({
    from: `"Mail administrator" <postmaster@${context.services.config.orgDomain}>`,
    to: device.user,
    subject: accountOnly
      ? 'Your account was removed from a mobile device'
      : 'Your mobile device was wiped',
    text:
      `The remote wipe your administrator requested has been carried out: ${what} your ` +
      `mobile device.\n\nDevice: ${device.friendlyName ?? device.deviceModel ?? device.deviceType}` +
      ` (${device.deviceType}, id ${device.deviceId})\nWipe requested: ${device.deviceWipeRequestTime}` +
      `\nWipe acknowledged: ${when}\n\nIf you did not expect this, contact your administrator.\n`,
  });
  await context.bus.request(MessageDeliver, {
    queueId: `eas-wipe:${context.device.id}:${device.deviceWipeRequestTime}`.slice(0, 128),
    recipient: mailbox,
    mime: (message as Buffer).toString('base64'),
  });
}
