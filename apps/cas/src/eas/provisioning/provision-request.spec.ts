import { fromXml } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { parseProvision } from './provision-request';

const parse = (xml: string) => parseProvision(fromXml(xml));

describe('parseProvision', () => {
  it('reads the download, with device information', () => {
    expect(
      parse(
        '<Provision xmlns="Provision:" xmlns:settings="Settings:"><settings:DeviceInformation>' +
          '<settings:Set><settings:Model>Pixel</settings:Model><settings:OS>Android</settings:OS>' +
          '<settings:IMEI></settings:IMEI></settings:Set></settings:DeviceInformation><Policies><Policy>' +
          '<PolicyType>MS-EAS-Provisioning-WBXML</PolicyType></Policy></Policies></Provision>',
      ),
    ).toEqual({
      kind: 'download',
      policyType: 'MS-EAS-Provisioning-WBXML',
      deviceInformation: { model: 'Pixel', os: 'Android' },
    });
  });

  it('reads an acknowledgement, a wipe acknowledgement and an empty Provision', () => {
    expect(
      parse(
        '<Provision xmlns="Provision:"><Policies><Policy><PolicyType>T</PolicyType>' +
          '<PolicyKey>123</PolicyKey><Status>1</Status></Policy></Policies></Provision>',
      ),
    ).toEqual({ kind: 'acknowledge', policyType: 'T', policyKey: '123', status: '1' });
    expect(
      parse(
        '<Provision xmlns="Provision:"><RemoteWipe><Status>1</Status></RemoteWipe></Provision>',
      ),
    ).toEqual({ kind: 'wipe-acknowledged', accountOnly: false, succeeded: true });
    expect(
      parse(
        '<Provision xmlns="Provision:"><AccountOnlyRemoteWipe><Status>2</Status></AccountOnlyRemoteWipe></Provision>',
      ),
    ).toEqual({ kind: 'wipe-acknowledged', accountOnly: true, succeeded: false });
    expect(parse('<Provision xmlns="Provision:"/>')).toEqual({ kind: 'empty' });
  });

  it.each([
    '<Provision xmlns="Provision:"><RemoteWipe><Status>9</Status></RemoteWipe></Provision>',
    '<Provision xmlns="Provision:"><Policies/></Provision>',
    '<Provision xmlns="Provision:"><Policies><Policy><PolicyKey>1</PolicyKey></Policy></Policies></Provision>',
    '<Provision xmlns="Provision:"><Policies><Policy><PolicyType>T</PolicyType><PolicyKey>1</PolicyKey></Policy></Policies></Provision>',
  ])('refuses %s', (xml) => {
    expect(() => parse(xml)).toThrow(EasProtocolError);
  });
});
