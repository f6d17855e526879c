import { describe, expect, it } from 'vitest';
import { ChunkedList } from '../src/reference/isam/chunkedlist.js';

describe('ChunkedList', () => {
  it('behaves like a sorted array under random inserts and deletes', () => {
    const list = new ChunkedList<number>();
    const model: number[] = [];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let step = 0; step < 20000; step++) {
      if (model.length > 0 && rand(3) === 0) {
        const i = rand(model.length);
        model.splice(i, 1);
        list.removeAt(i);
      } else {
        const v = rand(100000);
        const i = list.firstWhere((x) => x >= v);
        model.splice(i, 0, v);
        list.insert(i, v);
      }
    }
    expect(list.length).toBe(model.length);
    for (let i = 0; i < model.length; i += 97) expect(list.at(i)).toBe(model[i]);
    expect(list.at(model.length)).toBeUndefined();
    expect(model).toEqual([...model].sort((a, b) => a - b));
    list.setAll([1, 2, 3]);
    expect([list.at(0), list.at(2), list.length]).toEqual([1, 3, 3]);
    expect(list.firstWhere((x) => x > 5)).toBe(3);
  });
});
