// JET_PFNSTATUS callbacks (spec: JET_PFNSTATUS.md): a negative return value fails the operation
// with that code; an exception thrown by the callback propagates as is (ManagedEsent
// TestBackupCallbackExceptionHandling).
import { jetError } from '@winbackup/errors';
import type { JET_PFNSTATUS, JET_SNPROG } from '../../api/backup.js';
import { JET_sesidNil } from '../../api/handles.js';

export const JET_SNPROG_cbStruct = 12;

export class StatusReporter {
  constructor(
    private readonly pfn: JET_PFNSTATUS | null,
    private readonly snp: number,
    private readonly context: string,
  ) {}

  notify(snt: number, prog: { done: number; total: number } | null = null): void {
    if (!this.pfn) return;
    const pv: JET_SNPROG | null = prog ? { cbStruct: JET_SNPROG_cbStruct, cunitDone: prog.done, cunitTotal: prog.total } : null;
    const r = this.pfn(JET_sesidNil, this.snp, snt, pv);
    if (typeof r === 'number' && r < 0) throw jetError(r, { context: `${this.context}: status callback` });
  }
}
