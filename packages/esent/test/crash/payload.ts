// The bytes record (tx, seq) carries: its transaction size n, then filler derived from tx/seq,
// so a verifier can tell a complete, uncorrupted transaction from a partial one.
export function payloadFor(tx: number, seq: number, n: number): Buffer {
  const len = 40 + ((tx * 7 + seq * 13) % 200);
  const b = Buffer.alloc(len);
  b.writeInt32LE(n, 0);
  for (let i = 4; i < len; i++) b[i] = (tx + seq * 31 + i) & 0xff;
  return b;
}
