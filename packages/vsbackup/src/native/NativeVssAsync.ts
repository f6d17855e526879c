// IVssAsync over the COM object: Wait runs on koffi's thread pool so the event loop keeps going
// while VSS works; QueryStatus and Cancel return at once. spec: vss/IVssAsync.md
import { hresultError } from '@winbackup/errors';
import { INFINITE } from '../api/enums.js';
import type { IVssAsync, IVssAsyncStatus } from '../api/IVssAsync.js';
import { requireDword } from '../validate/args.js';
import type { ComPtr } from './com.js';
import { out32 } from './marshal.js';

export class NativeVssAsync implements IVssAsync {
  constructor(private readonly com: ComPtr) {}

  async Wait(dwMilliseconds: number = INFINITE): Promise<number> {
    requireDword(dwMilliseconds, 'dwMilliseconds');
    const hr = await this.com.callAsync('Wait', dwMilliseconds);
    if (hr < 0) throw hresultError(hr, { context: 'IVssAsync::Wait' });
    return hr;
  }

  async QueryStatus(): Promise<IVssAsyncStatus> {
    const hr = out32();
    const reserved = out32();
    this.com.check('QueryStatus', hr, reserved);
    return { pHrResult: hr.readInt32LE(0), pReserved: reserved.readInt32LE(0) };
  }

  async Cancel(): Promise<number> {
    return this.com.check('Cancel');
  }
}
