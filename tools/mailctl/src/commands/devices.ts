/** mailctl commands for mobile devices and device access: device, device-rule, device-access. */
import { CommanderError, Option } from 'commander';
import { enc, query, type Cli } from '../cli';

const DEVICE_COLUMNS = [
  'user',
  'deviceId',
  'deviceType',
  'deviceModel',
  'deviceAccessState',
  'deviceAccessStateReason',
  'lastSyncTime',
];
const LEVELS = ['allow', 'block', 'quarantine'];
/** `allow` on the command line, `Allow` (Exchange's spelling) in the API. */
const level = (value: string) => value[0].toUpperCase() + value.slice(1);
const devicePath = (o: { mailbox: string; deviceId: string }) =>
  `/devices/${enc(o.mailbox)}/${enc(o.deviceId)}`;

/** The rule's characteristic and query string from --device-type or --device-model (one of them). */
function ruleTarget(o: { deviceType?: string; deviceModel?: string }) {
  if ((o.deviceType === undefined) === (o.deviceModel === undefined))
    throw new CommanderError(2, 'mailctl.usage', 'give either --device-type or --device-model');
  return o.deviceType !== undefined
    ? { characteristic: 'DeviceType', queryString: o.deviceType }
    : { characteristic: 'DeviceModel', queryString: o.deviceModel! };
}

export function registerDeviceCommands({ program, run, printList }: Cli): void {
  const device = program.command('device').description('mobile devices (Exchange ActiveSync)');
  device
    .command('list')
    .option('--mailbox <address>', 'only the devices of this mailbox')
    .option('--show-recovery-password', 'include the recovery passwords devices escrowed')
    .action((o: { mailbox?: string; showRecoveryPassword?: boolean }) =>
      run(async (api, print) =>
        printList(
          print,
          await api(
            'GET',
            `/devices${query({ mailbox: o.mailbox, showRecoveryPassword: o.showRecoveryPassword })}`,
          ),
          'devices',
          o.showRecoveryPassword ? [...DEVICE_COLUMNS, 'recoveryPassword'] : DEVICE_COLUMNS,
        ),
      )(),
    );
  device
    .command('show')
    .requiredOption('--mailbox <address>', 'the device’s mailbox')
    .requiredOption('--device-id <id>', 'the EAS DeviceId')
    .option('--show-recovery-password', 'include the recovery password the device escrowed')
    .action((o: { mailbox: string; deviceId: string; showRecoveryPassword?: boolean }) =>
      run(async (api, print) =>
        print(
          await api(
            'GET',
            `${devicePath(o)}${query({ showRecoveryPassword: o.showRecoveryPassword })}`,
          ),
        ),
      )(),
    );
  for (const [verb, what] of [
    ['allow', 'let this device sync, whatever the rules say'],
    ['block', 'refuse this device, whatever the rules say'],
    ['quarantine', 'quarantine this device, whatever the rules say'],
  ]) {
    device
      .command(verb)
      .description(what)
      .requiredOption('--mailbox <address>', 'the device’s mailbox')
      .requiredOption('--device-id <id>', 'the EAS DeviceId')
      .action((o: { mailbox: string; deviceId: string }) =>
        run(async (api, print) => print(await api('POST', `${devicePath(o)}/${verb}`, {})))(),
      );
  }
  device
    .command('wipe')
    .description('request a remote wipe, sent at the device’s next request')
    .requiredOption('--mailbox <address>', 'the device’s mailbox')
    .requiredOption('--device-id <id>', 'the EAS DeviceId')
    .option('--account-only', 'remove only this account’s data, not the whole device', false)
    .action((o: { mailbox: string; deviceId: string; accountOnly: boolean }) =>
      run(async (api, print) =>
        print(await api('POST', `${devicePath(o)}/wipe`, { accountOnly: o.accountOnly })),
      )(),
    );
  device
    .command('remove')
    .requiredOption('--mailbox <address>', 'the device’s mailbox')
    .requiredOption('--device-id <id>', 'the EAS DeviceId')
    .action((o: { mailbox: string; deviceId: string }) =>
      run(async (api, print) => print(await api('DELETE', devicePath(o))))(),
    );

  const rule = program.command('device-rule').description('device access rules');
  rule
    .command('add')
    .option('--device-type <type>', 'match this device type (EAS DeviceType)')
    .option('--device-model <model>', 'match this device model')
    .addOption(
      new Option('--access-level <level>', 'what matching devices get')
        .choices(LEVELS)
        .makeOptionMandatory(),
    )
    .action((o: { deviceType?: string; deviceModel?: string; accessLevel: string }) =>
      run(async (api, print) =>
        print(
          await api('POST', '/device-rules', {
            ...ruleTarget(o),
            accessLevel: level(o.accessLevel),
          }),
        ),
      )(),
    );
  rule
    .command('list')
    .action(() =>
      run(async (api, print) =>
        printList(print, await api('GET', '/device-rules'), 'rules', [
          'characteristic',
          'queryString',
          'accessLevel',
        ]),
      )(),
    );
  rule
    .command('remove')
    .option('--device-type <type>', 'the rule on this device type')
    .option('--device-model <model>', 'the rule on this device model')
    .action((o: { deviceType?: string; deviceModel?: string }) =>
      run(async (api, print) => {
        const { characteristic, queryString } = ruleTarget(o);
        print(await api('DELETE', `/device-rules/${characteristic}/${enc(queryString)}`));
      })(),
    );

  program
    .command('device-access')
    .description('the organization’s default access level for devices no rule matches')
    .command('default')
    .addOption(new Option('--set <level>', 'change it').choices(LEVELS))
    .action((o: { set?: string }) =>
      run(async (api, print) =>
        print(
          o.set === undefined
            ? await api('GET', '/device-access/default')
            : await api('PATCH', '/device-access/default', { defaultAccessLevel: level(o.set) }),
        ),
      )(),
    );
}
