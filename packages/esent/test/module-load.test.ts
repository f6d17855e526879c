// The package says sideEffects: false: importing it allocates no buffers (the reference engine's
// slab for small values comes with the first value stored, not at module load).
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe('module load', () => {
  it('importing @winbackup/esent allocates no Buffer', async () => {
    vi.resetModules();
    // allocations made by the package's own modules (vitest's IPC allocates too: not counted)
    const ours: string[] = [];
    for (const name of ['allocUnsafeSlow', 'allocUnsafe', 'alloc'] as const) {
      const original = Buffer[name];
      vi.spyOn(Buffer, name).mockImplementation(((...args: Parameters<typeof Buffer.alloc>) => {
        if (/[\\/]packages[\\/][^\\/]+[\\/]src[\\/]/.test(new Error().stack ?? '')) ours.push(`${name}(${args[0]})`);
        return (original as typeof Buffer.alloc).apply(Buffer, args);
      }) as typeof Buffer.alloc);
    }
    const mod = await import('../src/index.js');
    expect(typeof mod.createReferenceEsent).toBe('function');
    expect(ours).toEqual([]);
  });

  it('the first small value stored takes a 64 KiB slab, later ones share it', async () => {
    vi.resetModules();
    const { persist } = await import('../src/reference/isam/slab.js');
    const spy = vi.spyOn(Buffer, 'allocUnsafeSlow');
    const a = persist(Uint8Array.of(1, 2, 3));
    const b = persist(Uint8Array.of(4, 5));
    expect(spy.mock.calls.map((c) => c[0])).toEqual([64 * 1024]);
    expect([...a, ...b]).toEqual([1, 2, 3, 4, 5]);
    expect(a.buffer).toBe(b.buffer);
  });
});
