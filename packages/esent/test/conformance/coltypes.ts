// Every column type of the issue round-trips and sorts as JET_COLTYP.md says.
import { describe, expect } from 'vitest';
import {
  JET_coltypBit,
  JET_coltypDateTime,
  JET_coltypGUID,
  JET_coltypIEEESingle,
  JET_coltypLongText,
  JET_coltypShort,
  JET_coltypText,
  JET_coltypUnsignedByte,
  JET_coltypUnsignedLong,
  JET_cpANSI,
  JET_cpUnicode,
  JET_MoveFirst,
  JET_MoveNext,
  JET_prepInsert,
  type JET_COLUMNID,
} from '../../src/index.js';
import { useFixture, type Fixture } from '../helpers.js';
import type { ConformanceIt, EsentTarget } from './target.js';

function enc(coltyp: number, v: unknown): Buffer {
  const b = Buffer.alloc(16);
  switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte:
      return Buffer.from([v as number]);
    case JET_coltypShort:
      b.writeInt16LE(v as number);
      return b.subarray(0, 2);
    case JET_coltypUnsignedLong:
      b.writeUInt32LE(v as number);
      return b.subarray(0, 4);
    case JET_coltypIEEESingle:
      b.writeFloatLE(v as number);
      return b.subarray(0, 4);
    case JET_coltypDateTime:
      b.writeDoubleLE(v as number);
      return b.subarray(0, 8);
    case JET_coltypGUID: {
      // "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" to the Windows GUID layout
      const h = (v as string).replace(/[{}-]/g, '');
      const out = Buffer.from(h, 'hex');
      out.subarray(0, 4).reverse();
      out.subarray(4, 6).reverse();
      out.subarray(6, 8).reverse();
      return out;
    }
    case JET_coltypText:
      return Buffer.from(v as string, 'latin1');
    default:
      return Buffer.from(v as string, 'utf16le');
  }
}

/** Column types as esent.dll stores and sorts them. */
export function columnTypeConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('column types', () => {
    let f: Fixture;
    useFixture((x) => (f = x), { strictTerm: true, create: target.create });

    const cases: [string, number, unknown[], number?][] = [
      ['Bit', JET_coltypBit, [1, 0]],
      ['UnsignedByte', JET_coltypUnsignedByte, [200, 3, 0]],
      ['Short', JET_coltypShort, [300, -300, 0, -1]],
      ['UnsignedLong', JET_coltypUnsignedLong, [0xffffffff, 1, 0x80000000]],
      ['IEEESingle', JET_coltypIEEESingle, [1.5, -0.5, -100, 0]],
      ['DateTime', JET_coltypDateTime, [45000.25, 1.5, -2]],
      ['GUID', JET_coltypGUID, ['{4999b5c0-7657-42d9-bdc1-4b779784e013}', '{0d6cec99-3f3f-4dc7-a5e6-f87aefeb908b}', '{4999b5c0-7657-42d9-bdc1-4b779784e012}', '{10000000-0000-0000-0000-000000000000}']],
      ['Text (ANSI, case-insensitive, stops at NUL)', JET_coltypText, ['beta', 'Alpha', 'ALPHA2', 'a\0zzz'], JET_cpANSI],
      ['LongText (Unicode)', JET_coltypLongText, ['Zeta', 'apple', 'Ｂanana', 'APPLE pie'], JET_cpUnicode],
    ];

    for (const [name, coltyp, values, cp] of cases) {
      it(`${name} round-trips and sorts`, async () => {
        const { api, sesid, dbid } = f;
        const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
          szTableName: 'c',
          rgcolumncreate: [{ szColumnName: 'v', coltyp, ...(cp ? { cp } : {}) }],
          rgindexcreate: [{ szIndexName: 'byv', szKey: '+v\0\0' }],
        });
        const col = r.rgcolumnid[0] as JET_COLUMNID;
        for (const v of values) {
          await api.JetPrepareUpdate(sesid, r.tableid, JET_prepInsert);
          const b = enc(coltyp, v);
          await api.JetSetColumn(sesid, r.tableid, col, b, b.length, 0, null);
          await api.JetUpdate(sesid, r.tableid);
        }
        await api.JetSetCurrentIndex(sesid, r.tableid, 'byv');
        const got: Buffer[] = [];
        await api.JetMove(sesid, r.tableid, JET_MoveFirst, 0);
        for (;;) {
          got.push((await api.JetRetrieveColumn(sesid, r.tableid, col, 64, 0, null)).pvData!);
          try {
            await api.JetMove(sesid, r.tableid, JET_MoveNext, 0);
          } catch {
            break;
          }
        }
        const expected = [...values].sort((a, b) => compare(coltyp, a, b)).map((v) => enc(coltyp, v));
        expect(got).toEqual(expected);
      });
    }
  });
}

function compare(coltyp: number, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (coltyp === JET_coltypGUID) return (a as string) < (b as string) ? -1 : 1;
  const norm = (s: string): string => {
    const cut = s.indexOf('\0');
    return (cut >= 0 ? s.slice(0, cut) : s).normalize('NFKC').toLowerCase();
  };
  const x = norm(a as string);
  const y = norm(b as string);
  return x < y ? -1 : x > y ? 1 : 0;
}
