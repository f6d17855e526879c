// What the conformance suite runs against: the reference engine (in `npm test`) or esent.dll
// through the native backend (`npm run conformance -- --native` on Windows).
import type { TestFunction } from 'vitest';
import { it as vitestIt } from 'vitest';
import { createReferenceEsent, type EsentApi } from '../../src/index.js';
import { KNOWN_DIFFERENCES } from './differences.js';

export interface EsentTarget {
  readonly name: 'reference' | 'native';
  /** A fresh EsentApi whose relative paths resolve against root. */
  readonly create: (root: string) => EsentApi;
}

/** `it` of the suite: a test listed in KNOWN_DIFFERENCES for this target is reported as not run, with its reason. */
export type ConformanceIt = (name: string, fn: TestFunction) => void;

export function conformanceIt(target: EsentTarget): ConformanceIt {
  return (name, fn) => {
    const reason = KNOWN_DIFFERENCES[target.name][name];
    if (reason) vitestIt.skip(`${name} [not run on ${target.name}: ${reason}]`, fn);
    else vitestIt(name, fn);
  };
}

export const referenceTarget: EsentTarget = { name: 'reference', create: (root) => createReferenceEsent({ root }) };

/**
 * The native target: esent.dll resolves relative paths against the process's directory, so each
 * EsentApi starts in its root (the temporary root's cleanup leaves it first). koffi loads only here.
 */
export async function nativeTarget(): Promise<EsentTarget> {
  const { createNativeEsent } = await import('../../src/native/index.js');
  return {
    name: 'native',
    create: (root) => {
      process.chdir(root);
      return createNativeEsent();
    },
  };
}
