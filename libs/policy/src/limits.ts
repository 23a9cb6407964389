// Every bound of @mail/policy in one place. MS-ASPROV sets no limit on list lengths or string
// sizes ("There is no limit on the number of Hash elements", 2.2.2.29); these are ours, sized
// well above real policies, so that an admin API body cannot make a policy (and every
// Provision response built from it) arbitrarily large.

export const POLICY_LIMITS = Object.freeze({
  /** Items in ApprovedApplicationList / UnapprovedInROMApplicationList. */
  maxListItems: 256,
  /**
   * Characters in one Hash. A SHA-1 is 28 characters in base64 (what Exchange's tools emit)
   * and 40 in hex; 64 leaves room for either with padding.
   */
  maxHashLength: 64,
  /** Characters in one ApplicationName (a Windows file name is at most 255). */
  maxApplicationNameLength: 255,
  /** Keys looked at in one policy object (there are 44 settings); more is refused outright. */
  maxInputKeys: 128,
  /** Problems reported for one policy; validation stops collecting after this many. */
  maxProblems: 64,
  /** Characters of an offending key or value quoted back in a problem message. */
  maxQuotedLength: 64,
});

/** Largest xs:unsignedByte. */
export const UNSIGNED_BYTE_MAX = 255;
/** Largest xs:unsignedInt. */
export const UNSIGNED_INT_MAX = 4_294_967_295;
/** Our bound for xs:integer elements (the schema type is unbounded): a signed 32-bit int. */
export const INTEGER_MAX = 2_147_483_647;
