// IFhScopeIterator over a snapshot of one rule list. spec: filehistory/IFhScopeIterator-*.md
import { ERROR_NOT_FOUND, HRESULT_FROM_WIN32, hresultError } from '@winbackup/errors';
import type { IFhScopeIterator } from '../../api/fhcfg.js';

export class FhScopeIterator implements IFhScopeIterator {
  private index = 0;
  constructor(private readonly items: readonly string[]) {}

  /** HRESULT_FROM_WIN32(ERROR_NOT_FOUND) on the last item or an empty list; the position stays. */
  MoveToNextItem(): Promise<void> {
    if (this.index + 1 >= this.items.length) return Promise.reject(hresultError(HRESULT_FROM_WIN32(ERROR_NOT_FOUND), { context: 'MoveToNextItem' }));
    this.index++;
    return Promise.resolve();
  }

  GetItem(): Promise<string> {
    const item = this.items[this.index];
    if (item === undefined) return Promise.reject(hresultError(HRESULT_FROM_WIN32(ERROR_NOT_FOUND), { context: 'GetItem' }));
    return Promise.resolve(item);
  }
}
