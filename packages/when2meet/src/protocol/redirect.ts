import { quoteBody, When2MeetProtocolError } from '../errors.ts';
import type { EventRef } from './event-ref.ts';

// SaveNewEvent.php answers 200 with a page whose script sends the browser to the new event:
// `window.location='./?123-AbCdE'` now, `'/?123-AbCdE'` on older pages.
const REDIRECT = /window\.location\s*=\s*["'](?:\.?\/)?\?(\d+)-([A-Za-z0-9]+)["']/;

export function parseCreateRedirect(body: string, url: string): Pick<EventRef, 'id' | 'code'> {
  const match = REDIRECT.exec(body);
  if (!match) {
    throw new When2MeetProtocolError(
      url,
      `event was not created: no redirect to the new event in the answer (got ${quoteBody(body)})`,
      'check the form fields (dates, hours, time zone) and --base-url',
    );
  }
  return { id: Number(match[1]), code: match[2]! };
}
