// Shapes of the EAS policy settings table (settings.ts) and the helpers that build its rows.
// The table is data: every consumer (admin validation, policy keys, the Provision command's
// document builder) derives what it needs from it instead of re-stating a setting.

/** ActiveSync protocol versions named by [MS-ASHTTP] 2.2.4.1.2.2, oldest first. */
export const PROTOCOL_VERSIONS = ['2.5', '12.0', '12.1', '14.0', '14.1', '16.0', '16.1'] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/** Versions whose EASProvisionDoc carries a setting from 12.0 on. */
export const FROM_12_0: readonly ProtocolVersion[] = [
  '12.0',
  '12.1',
  '14.0',
  '14.1',
  '16.0',
  '16.1',
];
/** Versions whose EASProvisionDoc carries a setting from 12.1 on (not sent to 12.0 clients). */
export const FROM_12_1: readonly ProtocolVersion[] = ['12.1', '14.0', '14.1', '16.0', '16.1'];

/**
 * Where a setting's default comes from: `spec` when MS-ASPROV says how a client treats the
 * element when it is absent; `exchange` when the spec is silent and we use the value of
 * Exchange's "Default" mobile device mailbox policy.
 */
export type DefaultSource = 'spec' | 'exchange';

export interface ValueMeaning<V extends number = number> {
  readonly value: V;
  readonly meaning: string;
}

interface SettingCommon<N extends string> {
  /** Element name exactly as MS-ASPROV / the WBXML Provision code page spells it. */
  readonly name: N;
  /** Section of [MS-ASPROV] describing the element. */
  readonly section: string;
  readonly summary: string;
  /** Protocol versions whose EASProvisionDoc carries it (per the section's version table). */
  readonly versions: readonly ProtocolVersion[];
  readonly defaultSource: DefaultSource;
  /** Set when a fact in this row could not be confirmed against MS-ASPROV. */
  readonly unconfirmed?: string;
}

/** xs:boolean on the wire (0/1); `true`/`false` in a policy. */
export interface BooleanSetting<N extends string = string> extends SettingCommon<N> {
  readonly kind: 'boolean';
  readonly meanings: { readonly false: string; readonly true: string };
  readonly default: boolean;
}

/**
 * A whole number in [min, max]. When `emptyAllowed`, `null` stands for the empty element
 * (unsignedByteOrEmpty / unsignedIntOrEmpty, MS-ASPROV 2.2.3.2 / 2.2.3.3) and means what
 * `emptyMeaning` says (usually "no limit").
 */
export interface IntegerSetting<
  N extends string = string,
  E extends boolean = boolean,
> extends SettingCommon<N> {
  readonly kind: 'integer';
  /** Wire type named by the spec / schema. */
  readonly wireType:
    'unsignedByte' | 'unsignedByteOrEmpty' | 'unsignedInt' | 'unsignedIntOrEmpty' | 'integer';
  readonly min: number;
  readonly max: number;
  readonly unit?: string;
  readonly emptyAllowed: E;
  readonly emptyMeaning?: string;
  /** Values with a meaning of their own (e.g. -1 = no truncation, 0 = never expires). */
  readonly specialValues?: readonly ValueMeaning[];
  readonly default: E extends true ? number | null : number;
}

/** A closed set of numeric values, each with the spec's meaning. */
export interface EnumSetting<
  N extends string = string,
  V extends number = number,
> extends SettingCommon<N> {
  readonly kind: 'enum';
  readonly wireType: 'unsignedByte' | 'unsignedInt' | 'integer';
  readonly values: readonly ValueMeaning<V>[];
  readonly default: V;
}

/** A container of repeated string elements (ApprovedApplicationList/Hash, ...). */
export interface StringListSetting<N extends string = string> extends SettingCommon<N> {
  readonly kind: 'stringList';
  /** Child element carrying each item. */
  readonly itemElement: string;
  readonly itemSection: string;
  /** Our bounds (the spec sets none); see limits.ts. */
  readonly maxItems: number;
  readonly maxItemLength: number;
  /** What an item must look like; checked after the length bound. */
  readonly itemPattern: RegExp;
  readonly itemPatternText: string;
  readonly default: readonly string[];
}

export type SettingDefinition =
  | BooleanSetting
  | IntegerSetting<string, true>
  | IntegerSetting<string, false>
  | EnumSetting
  | StringListSetting;

/** The value type a policy holds for a setting row. */
export type SettingValue<S> = S extends BooleanSetting
  ? boolean
  : S extends IntegerSetting<string, infer E>
    ? E extends true
      ? number | null
      : number
    : S extends EnumSetting<string, infer V>
      ? V
      : S extends StringListSetting
        ? readonly string[]
        : never;

type Common<N extends string> = Omit<SettingCommon<N>, 'name'>;

export function booleanSetting<const N extends string>(
  name: N,
  spec: Common<N> & { meanings: BooleanSetting['meanings']; default: boolean },
): BooleanSetting<N> {
  return Object.freeze({ kind: 'boolean', name, ...spec });
}

export function integerSetting<const N extends string, const E extends boolean>(
  name: N,
  spec: Common<N> & Omit<IntegerSetting<N, E>, 'kind' | 'name' | keyof Common<N>>,
): IntegerSetting<N, E> {
  return Object.freeze({ kind: 'integer', name, ...spec }) as IntegerSetting<N, E>;
}

export function enumSetting<const N extends string, const V extends number>(
  name: N,
  spec: Common<N> & {
    wireType: EnumSetting['wireType'];
    values: readonly ValueMeaning<V>[];
    default: NoInfer<V>;
  },
): EnumSetting<N, V> {
  return Object.freeze({ kind: 'enum', name, ...spec });
}

export function stringListSetting<const N extends string>(
  name: N,
  spec: Common<N> & Omit<StringListSetting<N>, 'kind' | 'name' | keyof Common<N>>,
): StringListSetting<N> {
  return Object.freeze({ kind: 'stringList', name, ...spec });
}
