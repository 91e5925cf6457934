/** The page loaded but does not look like a Statuspage history page any more. */
export class PageStructureError extends Error {
  override name = 'PageStructureError';
  constructor(
    readonly url: string,
    readonly selector: string,
    detail = 'not found',
  ) {
    super(
      `page structure not recognised, ${url}: selector "${selector}" ${detail}; the site's markup may have changed`,
    );
  }
}

/** A request that still failed after the retries. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`request failed, ${url}: ${detail}`);
  }
}

/** The scrape found far fewer incidents than are stored: refuse to overwrite. */
export class ShrinkGuardError extends Error {
  override name = 'ShrinkGuardError';
  constructor(
    readonly found: number,
    readonly stored: number,
    readonly file: string,
  ) {
    super(
      `scrape found ${found} incidents but ${stored} are stored, ${file}: left untouched; check the site, or pass --force to overwrite`,
    );
  }
}
