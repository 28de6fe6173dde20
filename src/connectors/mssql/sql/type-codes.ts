import mssql from 'mssql';

const { TYPES } = mssql;

/** SQL Server's type codes (MS-TDS 2.2.5.4, the fixed-length and variable-length type bytes), by the mssql type a column reports. */
const codes = new Map<unknown, number>([
  [TYPES.TinyInt, 0x30],
  [TYPES.Bit, 0x32],
  [TYPES.SmallInt, 0x34],
  [TYPES.Int, 0x38],
  [TYPES.SmallDateTime, 0x3a],
  [TYPES.Real, 0x3b],
  [TYPES.Money, 0x3c],
  [TYPES.DateTime, 0x3d],
  [TYPES.Float, 0x3e],
  [TYPES.SmallMoney, 0x7a],
  [TYPES.BigInt, 0x7f],
  [TYPES.UniqueIdentifier, 0x24],
  [TYPES.Date, 0x28],
  [TYPES.Time, 0x29],
  [TYPES.DateTime2, 0x2a],
  [TYPES.DateTimeOffset, 0x2b],
  [TYPES.Decimal, 0x6a],
  [TYPES.Numeric, 0x6c],
  [TYPES.Image, 0x22],
  [TYPES.Text, 0x23],
  [TYPES.NText, 0x63],
  [TYPES.Variant, 0x62],
  [TYPES.VarBinary, 0xa5],
  [TYPES.VarChar, 0xa7],
  [TYPES.Binary, 0xad],
  [TYPES.Char, 0xaf],
  [TYPES.NVarChar, 0xe7],
  [TYPES.NChar, 0xef],
  [TYPES.UDT, 0xf0],
  [TYPES.Xml, 0xf1],
]);

/** The column's TDS type code, or 0 for a type mssql does not name. */
export function tdsTypeCode(type: unknown): number {
  return codes.get(type) ?? 0;
}
