/** Where in a run file a problem was found: the byte offset and the section holding it. */
export interface RunFilePlace {
  offset: number;
  section: string;
}

/**
 * A run file that cannot be read: wrong magic, unsupported version, truncated or corrupt.
 * The message is one line: what is wrong, at which byte and section, what was expected.
 */
export class RunFileError extends Error {
  override name = 'RunFileError';
  readonly offset: number;
  readonly section: string;

  constructor(place: RunFilePlace, problem: string, source?: string) {
    super(`${source ?? 'run file'}: ${problem} at byte ${place.offset} (${place.section})`);
    this.offset = place.offset;
    this.section = place.section;
  }

  static expected(
    place: RunFilePlace,
    problem: string,
    expected: string,
    got: string,
    source?: string,
  ): RunFileError {
    const error = new RunFileError(place, problem, source);
    error.message += `: expected ${expected}, got ${got}`;
    return error;
  }
}
