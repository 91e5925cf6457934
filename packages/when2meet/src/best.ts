import { SLOT_SECONDS } from './free.ts';
import type { EventPage } from './protocol/page.ts';

export interface MeetingOption {
  /** Unix seconds of the first slot and the end of the window in which the meeting fits. */
  start: number;
  /** Latest start that still fits the duration. */
  latestStart: number;
  end: number;
  people: { id: number; name: string }[];
}

export interface BestOptions {
  durationMinutes: number;
  minPeople: number;
  limit?: number;
}

/**
 * Ranked meeting windows: for every start whose next `duration` of slots are contiguous on the
 * page, the people free for all of it; consecutive starts with the same people merge into one
 * window. Ranked by head count, then window length, then time.
 */
export function bestMeetingTimes(page: EventPage, options: BestOptions): MeetingOption[] {
  const span = Math.max(1, Math.ceil((options.durationMinutes * 60) / SLOT_SECONDS));
  const n = page.slots.length;
  // A bitset per person over slots would be faster; events are a few thousand slots at most.
  const freeAt = page.people.map((person) => {
    const free = new Uint8Array(n);
    for (const index of person.available) free[index] = 1;
    return free;
  });

  const options_: MeetingOption[] = [];
  let current: { key: string; option: MeetingOption; lastStartIndex: number } | undefined;
  for (let i = 0; i + span <= n; i++) {
    let contiguous = true;
    for (let j = 1; j < span; j++) {
      if (page.slots[i + j]! - page.slots[i + j - 1]! !== SLOT_SECONDS) contiguous = false;
    }
    const people = contiguous
      ? page.people.filter((_, p) => {
          for (let j = 0; j < span; j++) if (!freeAt[p]![i + j]) return false;
          return true;
        })
      : [];
    const key = people.map((person) => person.id).join(',');
    const continues =
      current && current.key === key && page.slots[i]! - page.slots[current.lastStartIndex]! === SLOT_SECONDS;
    if (continues && current) {
      current.lastStartIndex = i;
      current.option.latestStart = page.slots[i]!;
      current.option.end = page.slots[i + span - 1]! + SLOT_SECONDS;
      continue;
    }
    current = undefined;
    if (people.length === 0 || people.length < options.minPeople) continue;
    const option: MeetingOption = {
      start: page.slots[i]!,
      latestStart: page.slots[i]!,
      end: page.slots[i + span - 1]! + SLOT_SECONDS,
      people: people.map(({ id, name }) => ({ id, name })),
    };
    options_.push(option);
    current = { key, option, lastStartIndex: i };
  }
  options_.sort(
    (a, b) => b.people.length - a.people.length || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  return options.limit ? options_.slice(0, options.limit) : options_;
}
