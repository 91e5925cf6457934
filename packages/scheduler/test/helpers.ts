import { sharedPath } from 'kit';
import { describeUnless, sharedMissing } from 'kit/testing';

/** A file under the shared data folder, or undefined when absent (its tests are then skipped). */
export function sharedData(name: string): string | undefined {
  return sharedPath('data', 'scheduler', name);
}

/** describe that is skipped, with the reason npm test prints, when the shared file is absent. */
export function describeShared(name: string, title: string, body: (path: string) => void): void {
  const path = sharedData(name);
  describeUnless(sharedMissing('data', 'scheduler', name), title, () => body(path ?? ''));
}
