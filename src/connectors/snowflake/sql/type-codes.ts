/**
 * Snowflake's column types (the `type` of a result's rowtype, as snowflake-sdk's `column.getType()`
 * gives it) as stable numbers: the type codes Snowflake's Python connector reports as
 * `cursor.description` type_code (its FIELD_TYPES list), so the same column gets the same number there.
 */
const codes = new Map<string, number>([
  ['fixed', 0],
  ['real', 1],
  ['text', 2],
  ['date', 3],
  ['timestamp', 4],
  ['variant', 5],
  ['timestamp_ltz', 6],
  ['timestamp_tz', 7],
  ['timestamp_ntz', 8],
  ['object', 9],
  ['array', 10],
  ['binary', 11],
  ['time', 12],
  ['boolean', 13],
  ['geography', 14],
  ['geometry', 15],
  ['vector', 16],
  ['map', 17],
]);

/** The column's type code, or -1 for a type not in the list. */
export function snowflakeTypeCode(type: string): number {
  return codes.get(type.toLowerCase()) ?? -1;
}
