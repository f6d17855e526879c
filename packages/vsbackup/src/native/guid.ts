// VSS_ID (a GUID) between the facade's canonical string and the 16 bytes of the C struct:
// Data1 (u32), Data2 (u16), Data3 (u16) little-endian, then Data4's 8 bytes in order, so
// 'b5946137-7b9f-4925-af80-51abd60b20d5' is 37 61 94 b5 9f 7b 25 49 af 80 51 ab d6 0b 20 d5.
import { toVssId, type VSS_ID } from '../api/ids.js';

/** The 16 bytes of a GUID string (TypeError for anything that is not one). */
export function guidBytes(id: unknown, name: string): Buffer {
  const hex = toVssId(id, name).replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32LE(b.readUInt32BE(0), 0);
  b.writeUInt16LE(b.readUInt16BE(4), 4);
  b.writeUInt16LE(b.readUInt16BE(6), 6);
  return b;
}

/** The canonical string of the 16 bytes at `offset` of `b`. */
export function guidString(b: Uint8Array, offset = 0): VSS_ID {
  const v = Buffer.from(b.buffer, b.byteOffset + offset, 16);
  const h = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  const d4 = v.subarray(8, 16).toString('hex');
  return `${h(v.readUInt32LE(0), 8)}-${h(v.readUInt16LE(4), 4)}-${h(v.readUInt16LE(6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}`;
}

/** A GUID as koffi's by-value VSS_GUID struct ({ Data1, Data2, Data3, Data4 }). */
export function guidStruct(id: unknown, name: string): { Data1: number; Data2: number; Data3: number; Data4: number[] } {
  const b = guidBytes(id, name);
  return { Data1: b.readUInt32LE(0), Data2: b.readUInt16LE(4), Data3: b.readUInt16LE(6), Data4: [...b.subarray(8, 16)] };
}
