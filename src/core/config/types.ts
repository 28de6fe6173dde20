/**
 * The parsed form of a config source: plain values plus secret references, each node
 * carrying where it came from so errors and test results can point into the source.
 * Secret references stay references until resolution for one mode.
 */
export interface SourceLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** 0-based offsets into the source text. */
  start: number;
  end: number;
}

export interface SecretReference {
  kind: 'secret';
  name: string;
  loc: SourceLocation;
}

export type ConfigNode =
  | { kind: 'string'; value: string; loc: SourceLocation }
  | { kind: 'number'; value: number; loc: SourceLocation }
  | { kind: 'boolean'; value: boolean; loc: SourceLocation }
  | { kind: 'null'; loc: SourceLocation }
  | SecretReference
  /** A template literal or `+` chain: literal text and secret references, joined at resolution. */
  | { kind: 'concat'; parts: Array<string | SecretReference>; loc: SourceLocation }
  | { kind: 'object'; entries: ConfigEntry[]; loc: SourceLocation }
  | { kind: 'array'; items: ConfigNode[]; loc: SourceLocation };

export interface ConfigEntry {
  key: string;
  keyLoc: SourceLocation;
  value: ConfigNode;
}

/** The root of a config source is always an object literal. */
export type ConfigObjectNode = Extract<ConfigNode, { kind: 'object' }>;

/** A path into a config object, as zod reports issues: `['options', 'encrypt']`, `['hosts', 0]`. */
export type ConfigPath = ReadonlyArray<string | number>;

/** The plain value a config resolves to for one mode. */
export type ResolvedValue = string | number | boolean | null | ResolvedValue[] | { [key: string]: ResolvedValue };
export type ResolvedConfig = { [key: string]: ResolvedValue };
