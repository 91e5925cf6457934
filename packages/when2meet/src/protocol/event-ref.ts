import { InputError } from 'kit';

/** An event's address: the numeric id and the short code from `/?<id>-<code>`. */
export interface EventRef {
  id: number;
  code: string;
  /** Origin of the URL the user gave, when it was absolute. */
  origin?: string;
}

const REF = /^(\d+)-([A-Za-z0-9]+)$/;

/** Accepts `https://www.when2meet.com/?123-AbCdE`, `?123-AbCdE` or `123-AbCdE`. */
export function parseEventRef(input: string, field = 'event URL'): EventRef {
  const text = input.trim();
  let query = text;
  let origin: string | undefined;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw InputError.expected(
        { field },
        'a When2Meet URL like https://www.when2meet.com/?123-AbCdE',
        input,
      );
    }
    origin = url.origin;
    query = url.search;
  }
  const match = REF.exec(query.replace(/^\.?\/?\?/, ''));
  if (!match) {
    throw InputError.expected({ field }, 'a When2Meet URL like https://www.when2meet.com/?123-AbCdE', input);
  }
  return origin
    ? { id: Number(match[1]), code: match[2]!, origin }
    : { id: Number(match[1]), code: match[2]! };
}

export function eventUrl(baseUrl: string, ref: Pick<EventRef, 'id' | 'code'>): string {
  return `${baseUrl.replace(/\/+$/, '')}/?${ref.id}-${ref.code}`;
}
