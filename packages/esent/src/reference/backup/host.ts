// What the backup module needs from the reference engine (ReferenceEsent's backup hooks).
import type { Instance } from '../engine/instance.js';

export interface BackupHost {
  readonly root: string;
  readonly clock: () => number;
  findInstance(instance: number | null, context: string): Instance;
  legacyInstance(context: string): Instance;
  liveInstances(): Instance[];
  JetGetSystemParameter(instance: null, sesid: null, paramid: number, cbMax: number): Promise<{ plParam: number; szParam: string | null }>;
}
