// FhSvcCtlApi over fhsvcctl.dll: the reference's argument checks (src/validate/args), then one call
// of the export. A failed HRESULT throws hresultError(hr, { context }). Calls that wait on the
// service (starting it, a cycle starting or stopping, a reload, a block that stops a running cycle)
// run on koffi's thread pool (.async) so that the event loop keeps going.
import { E_HANDLE, hresultError } from '@winbackup/errors';
import type { FhSvcCtlApi } from '../api/fhsvcctl.js';
import type { FH_SERVICE_PIPE_HANDLE } from '../api/handles.js';
import { requireBool, requirePipe } from '../validate/args.js';
import type { FhSvcCtlExport } from './declarations.js';
import type { FhSvcCtlLibrary } from './library.js';

/** BOOL as the DLL receives it: TRUE is 1. */
const BOOL = (b: boolean): number => (b ? 1 : 0);

export class NativeFhSvcCtl implements FhSvcCtlApi {
  /**
   * The DLL's handle value of each pipe this binding opened and has not closed. Like the
   * reference, a closed pipe (or one from another implementation) is E_HANDLE before the DLL is
   * called: a closed FH_SERVICE_PIPE_HANDLE is freed memory to fhsvcctl.dll ("unpredictable").
   */
  private readonly pipes = new WeakMap<object, bigint>();

  constructor(private readonly lib: FhSvcCtlLibrary) {}

  /** Calls `fn` (on the thread pool when `blocking`); throws on a failed HRESULT. */
  private async call(fn: FhSvcCtlExport, args: unknown[], blocking: boolean): Promise<void> {
    const f = this.lib[fn];
    const hr = blocking
      ? await new Promise<number>((resolve, reject) => f.async(...args, (e: unknown, r: number) => (e ? reject(e) : resolve(r))))
      : f(...args);
    if (hr < 0) throw hresultError(hr, { context: fn });
  }

  /** The handle value of an open pipe of this binding (the type is checked first, as the reference does). */
  private handle(pipe: unknown, context: FhSvcCtlExport): bigint {
    const h = this.pipes.get(requirePipe(pipe, context));
    if (h === undefined) throw hresultError(E_HANDLE, { context });
    return h;
  }

  async FhServiceOpenPipe(StartServiceIfStopped: boolean): Promise<FH_SERVICE_PIPE_HANDLE> {
    const start = requireBool(StartServiceIfStopped, 'StartServiceIfStopped');
    const out = Buffer.alloc(8);
    // starting the service waits for the Service Control Manager
    await this.call('FhServiceOpenPipe', [BOOL(start), out], start);
    const pipe = Object.freeze(Object.create(null) as object);
    this.pipes.set(pipe, out.readBigUInt64LE(0));
    return pipe as FH_SERVICE_PIPE_HANDLE;
  }

  async FhServiceClosePipe(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
    const h = this.handle(Pipe, 'FhServiceClosePipe');
    await this.call('FhServiceClosePipe', [h], false);
    this.pipes.delete(Pipe);
  }

  async FhServiceStartBackup(Pipe: FH_SERVICE_PIPE_HANDLE, LowPriorityIo: boolean): Promise<void> {
    requirePipe(Pipe, 'FhServiceStartBackup');
    const low = requireBool(LowPriorityIo, 'LowPriorityIo');
    await this.call('FhServiceStartBackup', [this.handle(Pipe, 'FhServiceStartBackup'), BOOL(low)], true);
  }

  async FhServiceStopBackup(Pipe: FH_SERVICE_PIPE_HANDLE, StopTracking: boolean): Promise<void> {
    requirePipe(Pipe, 'FhServiceStopBackup');
    const stop = requireBool(StopTracking, 'StopTracking');
    await this.call('FhServiceStopBackup', [this.handle(Pipe, 'FhServiceStopBackup'), BOOL(stop)], true);
  }

  async FhServiceReloadConfiguration(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
    await this.call('FhServiceReloadConfiguration', [this.handle(Pipe, 'FhServiceReloadConfiguration')], true);
  }

  async FhServiceBlockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
    // a block stops a running cycle first (FhSvcCtlApi), which waits on the cycle
    await this.call('FhServiceBlockBackup', [this.handle(Pipe, 'FhServiceBlockBackup')], true);
  }

  async FhServiceUnblockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
    await this.call('FhServiceUnblockBackup', [this.handle(Pipe, 'FhServiceUnblockBackup')], false);
  }
}
