// Loads the JSON facts the tables are generated from, so tests compare the generated code with
// the data rather than with itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dataDir = join(import.meta.dirname, '..', 'data');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as T;

export interface EsentFact { symbol: string; value: number; kind: 'error' | 'warning'; category: string; status: string }
export interface HResultFact { symbol: string; hresult: string }
export interface ValueFact { symbol: string; value: number }

export const esentFacts = read<EsentFact[]>('esent-errors.json');
export const esentExtraFacts = read<EsentFact[]>('esent-header-extra.json');
export const vssFacts = read<HResultFact[]>('vss-errors.json');
export const fhFacts = read<{ errors: HResultFact[]; protectionStates: ValueFact[] }>('filehistory-codes.json');
export const winerrorFacts = read<{ win32: ValueFact[]; hresult: HResultFact[]; facility: ValueFact[] }>('winerror.json');
export const descriptions = {
  esent: read<Record<string, string>>('descriptions/esent.json'),
  vss: read<Record<string, string>>('descriptions/vss.json'),
  filehistory: read<Record<string, string>>('descriptions/filehistory.json'),
};
export const signed = (hex: string): number => Number.parseInt(hex, 16) | 0;
