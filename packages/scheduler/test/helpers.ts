import { sharedPath } from 'kit';
import { describe } from 'vitest';

/** A file under the shared data folder, or undefined with a note saying why the tests skip. */
export function sharedData(name: string): string | undefined {
  const path = sharedPath('data', 'scheduler', name);
  if (!path) console.warn(`skipping tests on ${name}: ../shared/data/scheduler/${name} is absent`);
  return path;
}

/** describe that skips (with the warning above) when the shared file is absent. */
export function describeShared(name: string, title: string, body: (path: string) => void): void {
  const path = sharedData(name);
  describe.skipIf(!path)(title, () => body(path ?? ''));
}
