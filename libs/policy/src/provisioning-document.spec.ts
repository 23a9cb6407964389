import { encode, decode, toXml } from '@mail/wbxml';
import { settingsForVersion } from './settings-for-version';
import { easProvisionDoc, policyData, policyTypeFor } from './provisioning-document';
import { DEFAULT_EAS_POLICY, resolvePolicy } from './validate';

describe('provisioning documents', () => {
  it('names the policy type of each version', () => {
    expect(policyTypeFor('2.5')).toBe('MS-WAP-Provisioning-XML');
    expect(policyTypeFor('12.0')).toBe('MS-EAS-Provisioning-WBXML');
    expect(policyTypeFor('16.1')).toBe('MS-EAS-Provisioning-WBXML');
  });

  it('writes exactly the settings the version carries, in schema order', () => {
    for (const version of ['12.0', '12.1', '16.1'] as const) {
      const doc = easProvisionDoc(DEFAULT_EAS_POLICY, version);
      const names = (doc.content as ReadonlyArray<{ tag: string }>).map((c) => c.tag);
      expect(names).toEqual([...settingsForVersion(version)]);
    }
  });

  it('writes booleans as 0/1, null as the empty element, lists as items', () => {
    const policy = resolvePolicy({
      DevicePasswordEnabled: true,
      MaxAttachmentSize: null,
      MinDevicePasswordLength: 6,
      ApprovedApplicationList: ['AAAA', 'BBBB'],
    });
    const doc = easProvisionDoc(policy, '14.1');
    const xml = toXml(doc);
    expect(xml).toContain('<DevicePasswordEnabled>1</DevicePasswordEnabled>');
    expect(xml).toContain('<AllowCamera>1</AllowCamera>');
    expect(xml).toContain('<MaxAttachmentSize/>');
    expect(xml).toContain('<MinDevicePasswordLength>6</MinDevicePasswordLength>');
    expect(xml).toContain('<Hash>AAAA</Hash>');
    expect(xml).toContain('<UnapprovedInROMApplicationList/>');
    // Every element exists in the WBXML Provision code page.
    expect(decode(encode(doc))).toEqual(doc);
  });

  it('gives 2.5 the WAP provisioning document as text', () => {
    const data = policyData(resolvePolicy({ DevicePasswordEnabled: true }), '2.5');
    expect(data).toBe(
      '<wap-provisioningdoc><characteristic type="SecurityPolicy"><parm name="4131" value="0"/>' +
        '</characteristic><characteristic type="Registry"><characteristic ' +
        'type="HKLM\\Comm\\Security\\Policy\\LASSD\\AE\\{50C13377-C66D-400C-889E-C316FC4AB374}">' +
        '<parm name="AEFrequencyType" value="0"/></characteristic><characteristic ' +
        'type="HKLM\\Comm\\Security\\Policy\\LASSD\\LAP\\lap_pw"><parm name="PasswordComplexity" ' +
        'value="2"/></characteristic></characteristic></wap-provisioningdoc>',
    );
    expect(() => easProvisionDoc(DEFAULT_EAS_POLICY, '2.5')).toThrow(RangeError);
  });
});
