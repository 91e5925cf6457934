// A local When2Meet that behaves like www.when2meet.com as far as clients can see, quirks included:
// multipart create answered by a redirect script, pages in the current format with the people
// block printed twice and hexAvailability comments, weekday events on placeholder timestamps in
// the week of 1978-11-12, DST days with fewer slots, sign-in by name + password, and SaveTimes
// stored strictly by position (a short vector lands on the first slots, wherever it was meant).
// Time zone handling here is written independently of src/time.ts so tests can catch its bugs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatedPerson {
  id: number;
  name: string;
  password: string;
  available: Set<number>;
}

export interface EmulatedEvent {
  id: number;
  code: string;
  name: string;
  kind: 'dates' | 'weekdays';
  timezone: string;
  slots: number[];
  people: EmulatedPerson[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  contentType: string;
  fields: Record<string, string>;
}

type Fault =
  | { path: string; kind: 'status'; status: number }
  | { path: string; kind: 'reset' }
  | { path: string; kind: 'hang' };

const HOME_PAGE = `<!DOCTYPE HTML><html><head><title>When2meet</title></head><body>
<div id=MainBody>Plan a New Event<form action="SaveNewEvent.php" method="post" enctype="multipart/form-data">
<input name="NewEventName"></form></div></body></html>`;

function localParts(unix: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(unix * 1000));
}

/** The first instant whose local time in `timeZone` reads `date hh:00`, or the hour after if skipped. */
function instantOf(date: string, hour: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (let attempt = 0; attempt < 3; attempt++) {
    const naive = Date.UTC(y, m - 1, d, hour + attempt) / 1000;
    const target = localParts(naive, 'UTC');
    for (let k = -60; k <= 60; k++) {
      const candidate = naive + k * 900;
      if (localParts(candidate, timeZone) === target) return candidate;
    }
  }
  throw new Error(`emulator: no instant for ${date} ${hour}:00 in ${timeZone}`);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function escapeName(name: string): string {
  // PHP addslashes, then htmlspecialchars(ENT_QUOTES)
  const slashed = name.replace(/([\\'"\0])/g, '\\$1');
  return slashed
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export class When2MeetEmulator {
  readonly events = new Map<number, EmulatedEvent>();
  readonly requests: LoggedRequest[] = [];
  private server: Server | undefined;
  private nextEventId = 38_400_000;
  private nextPersonId = 152_100_000;
  private codeCounter = 0;
  private faults: Fault[] = [];
  private hanging = new Set<ServerResponse>();
  private savesInFlight = 0;
  /** The most SaveTimes requests ever handled at once: a serialising client keeps it at 1. */
  maxConcurrentSaves = 0;
  /** Delay before SaveTimes answers, so overlapping saves would show up. */
  saveDelayMs = 0;

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('emulator not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` requests to `path` fail: an HTTP status, a dropped connection or no answer. */
  inject(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  eventUrl(event: Pick<EmulatedEvent, 'id' | 'code'>): string {
    return `${this.baseUrl}/?${event.id}-${event.code}`;
  }

  /** Create an event the way SaveNewEvent.php does. */
  createEvent(fields: Record<string, string>): EmulatedEvent {
    const kind = fields.DateTypes === 'DaysOfTheWeek' ? 'weekdays' : 'dates';
    const from = Number(fields.NoEarlierThan);
    const rawTo = Number(fields.NoLaterThan);
    const to = rawTo === 0 ? 24 : rawTo;
    const timezone = fields.TimeZone ?? 'UTC';
    const days = (fields.PossibleDates ?? '').split('|').filter(Boolean).sort();
    if (!fields.NewEventName || days.length === 0 || !(to > from) || Number.isNaN(from)) {
      throw new Error('bad event');
    }
    const slots: number[] = [];
    for (const day of days) {
      let start: number;
      let end: number;
      if (kind === 'weekdays') {
        start = Date.UTC(1978, 10, 12 + Number(day), from) / 1000;
        end = Date.UTC(1978, 10, 12 + Number(day), to) / 1000;
      } else {
        start = instantOf(day, from, timezone);
        end = to === 24 ? instantOf(nextDate(day), 0, timezone) : instantOf(day, to, timezone);
      }
      for (let t = start; t < end; t += 900) slots.push(t);
    }
    this.codeCounter++;
    const code = `Em${String.fromCharCode(65 + (this.codeCounter % 26))}${this.codeCounter.toString(36)}`;
    const event: EmulatedEvent = {
      id: this.nextEventId++,
      code,
      name: fields.NewEventName,
      kind,
      timezone,
      slots,
      people: [],
    };
    this.events.set(event.id, event);
    return event;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const contentType = req.headers['content-type'] ?? '';
    let fields: Record<string, string> = {};
    if (req.method === 'POST' && body.length > 0) {
      const parsed = await new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData();
      fields = Object.fromEntries([...parsed.entries()].map(([k, v]) => [k, String(v)]));
    }
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, contentType, fields });

    const faultIndex = this.faults.findIndex((f) => f.path === url.pathname);
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault!.kind === 'reset') return void req.socket.destroy();
      if (fault!.kind === 'hang') return void this.hanging.add(res);
      return this.send(res, fault!.status, 'text/html', `<h1>${fault!.status}</h1>`);
    }

    if (req.method === 'GET' && url.pathname === '/') return this.servePage(url.search, res);
    if (req.method === 'POST' && url.pathname === '/SaveNewEvent.php') {
      if (!contentType.startsWith('multipart/form-data')) {
        return this.send(res, 200, 'text/html', '<html><body>Please fill in the event form.</body></html>');
      }
      let event: EmulatedEvent;
      try {
        event = this.createEvent(fields);
      } catch {
        return this.send(res, 200, 'text/html', '<html><body>Please fill in the event form.</body></html>');
      }
      return this.send(
        res,
        200,
        'text/html',
        `<html><head></head><body><script type="text/javascript">window.location='./?${event.id}-${event.code}';</script></body></html>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/ProcessLogin.php') return this.login(fields, res);
    if (req.method === 'POST' && url.pathname === '/SaveTimes.php') {
      this.savesInFlight++;
      this.maxConcurrentSaves = Math.max(this.maxConcurrentSaves, this.savesInFlight);
      try {
        if (this.saveDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.saveDelayMs));
        return this.saveTimes(fields, res);
      } finally {
        this.savesInFlight--;
      }
    }
    return this.send(res, 404, 'text/html', '<h1>Not Found</h1>');
  }

  private send(res: ServerResponse, status: number, type: string, text: string): undefined {
    res.writeHead(status, { 'content-type': `${type}; charset=UTF-8` });
    res.end(text);
    return undefined;
  }

  private login(fields: Record<string, string>, res: ServerResponse): undefined {
    const event = this.events.get(Number(fields.id));
    if (!event) return this.send(res, 200, 'text/html', 'Event not found.');
    const name = fields.name ?? '';
    if (!name.trim()) return this.send(res, 200, 'text/html', 'Please enter a name.');
    const existing = event.people.find((p) => p.name === name);
    if (existing) {
      if (existing.password !== (fields.password ?? ''))
        return this.send(res, 200, 'text/html', 'Wrong password.');
      return this.send(res, 200, 'text/html', String(existing.id));
    }
    const person: EmulatedPerson = {
      id: this.nextPersonId++,
      name,
      password: fields.password ?? '',
      available: new Set(),
    };
    event.people.push(person);
    return this.send(res, 200, 'text/html', String(person.id));
  }

  private saveTimes(fields: Record<string, string>, res: ServerResponse): undefined {
    const event = this.events.get(Number(fields.event));
    const person = event?.people.find((p) => p.id === Number(fields.person));
    if (!event || !person) return this.send(res, 200, 'text/html', 'Error: unknown person or event.');
    if (person.password !== (fields.password ?? ''))
      return this.send(res, 200, 'text/html', 'Wrong password.');
    // By position, and only as far as the string goes: the real site's behaviour.
    const availability = fields.availability ?? '';
    for (let i = 0; i < availability.length && i < event.slots.length; i++) {
      if (availability[i] === '1') person.available.add(i);
      else person.available.delete(i);
    }
    return this.send(res, 200, 'text/html', '');
  }

  private servePage(search: string, res: ServerResponse): undefined {
    const match = /^\?(\d+)-([A-Za-z0-9]+)$/.exec(search);
    const event = match ? this.events.get(Number(match[1])) : undefined;
    if (!event || event.code !== match![2]) return this.send(res, 200, 'text/html', HOME_PAGE);
    return this.send(res, 200, 'text/html', renderPage(event));
  }
}

function peopleBlock(event: EmulatedEvent): string {
  return event.people
    .map((p, k) => `PeopleNames[${k}] = '${escapeName(p.name)}';PeopleIDs[${k}] = ${p.id};`)
    .join('');
}

function hexAvailability(event: EmulatedEvent, person: EmulatedPerson): string {
  let bits = '';
  for (let i = 0; i < event.slots.length; i++) bits += person.available.has(i) ? '1' : '0';
  bits = bits.padEnd(Math.ceil(bits.length / 4) * 4, '0');
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex.replace(/^0+/, '') || '0';
}

export function renderPage(event: EmulatedEvent): string {
  const slotLines = event.slots
    .map((t, i) => `TimeOfSlot[${i}]=${t};\nAvailableAtSlot[${i}]=new Array();\n`)
    .join('');
  const pushes = event.people
    .flatMap((p) =>
      [...p.available].sort((a, b) => b - a).map((i) => `AvailableAtSlot[${i}].push(${p.id});\n`),
    )
    .join('');
  const availableIds = event.people
    .filter((p) => p.available.size > 0)
    .map((p) => `AvailableIDs.push(${p.id});`)
    .join('');
  const zoneScript =
    event.kind === 'dates'
      ? `          loadTimezoneOptions("ParticipantTimeZone");
      document.getElementById("ParticipantTimeZone").style.display='';
      if (select.value != "${event.timezone}") {
        LoadAvailabilityGrids();
      }`
      : `          var el = document.createElement("option");
      el.textContent = "UTC";
      el.value = "UTC";
      select.appendChild(el);
      select.options[0].selected = true;`;
  const name = escapeHtml(event.name);
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html>
<head>
<title>${name} - When2meet</title>
<meta charset="UTF-8">
</head>
<body bgcolor=black>
<div id=MainBody style="background:white;">
<script  type="text/javascript">
  function ProcessLogin() {
    const params = new URLSearchParams();
    params.append('id', '${event.id}');
    params.append('name', document.getElementById('name').value);
    params.append('password', document.getElementById('password').value);
    fetch("ProcessLogin.php", { method: "POST", body: params });
  }
  function LoadAvailabilityGrids() {
    const params = new URLSearchParams("${event.id}-${event.code}");
    params.append('id', '${event.id}');
    params.append('code', '${event.code}');
  }
  var PeopleNames=new Array();
  var PeopleIDs=new Array();
  var UserID=0;
  var TimeOfSlot=new Array();
  var AvailableAtSlot=new Array();

${slotLines}${peopleBlock(event)}${pushes}var AvailableIDs=new Array();${availableIds}
  document.addEventListener("DOMContentLoaded", function() {

    var select = document.getElementById("ParticipantTimeZone");
${zoneScript}
      });

</script>
<div id="NewEventNameDiv" style="padding:20px 0px 20px 20px;font-size:30px;">


${name}<br>


<div style="font-size: 12px;padding-top:12px;">Share https://www.when2meet.com/?${event.id}-${event.code}<br>
</div>
</div>

<div id=AvailabilityGrids><script type="text/javascript">${peopleBlock(event)}
${event.people.map((p) => `// hexAvailability: ${hexAvailability(event, p)}\n`).join('\n')}var AvailableIDs=new Array();${availableIds}
</script>
</div>
</body>
</html>
`;
}
