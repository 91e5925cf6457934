import { VectorLengthError } from '../errors.ts';

// An availability vector holds one 0/1 per slot of the WHOLE event, in page order. SaveTimes.php
// reads it by position, so every function here keeps the full length or throws.

export type AvailabilityVector = Uint8Array;

export function buildVector(
  slots: readonly number[],
  isAvailable: (slotStart: number, index: number) => boolean,
): AvailabilityVector {
  const vector = new Uint8Array(slots.length);
  for (let i = 0; i < slots.length; i++) vector[i] = isAvailable(slots[i]!, i) ? 1 : 0;
  return vector;
}

export function vectorFromIndexes(length: number, indexes: Iterable<number>): AvailabilityVector {
  const vector = new Uint8Array(length);
  for (const index of indexes) {
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new VectorLengthError(`slot index ${index}`, length, index + 1);
    }
    vector[index] = 1;
  }
  return vector;
}

export function assertFullLength(vector: ArrayLike<unknown>, slotCount: number, what: string): void {
  if (vector.length !== slotCount) throw new VectorLengthError(what, slotCount, vector.length);
}

/** Slots available in either vector (for --merge). */
export function unionVectors(a: AvailabilityVector, b: AvailabilityVector): AvailabilityVector {
  assertFullLength(b, a.length, 'the vector to merge');
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

export function vectorToString(vector: AvailabilityVector): string {
  return vector.join('');
}

export function countAvailable(vector: AvailabilityVector): number {
  let count = 0;
  for (const bit of vector) count += bit;
  return count;
}
