export { type BestOptions, bestMeetingTimes, type MeetingOption } from './best.ts';
export { calendarWindow, type SlotInstantOptions, slotInstants, vectorFromBusy } from './busy.ts';
export { type ClientOptions, DEFAULT_BASE_URL, type LoadedEvent, When2MeetClient } from './client.ts';
export {
  VectorLengthError,
  When2MeetHttpError,
  When2MeetNetworkError,
  When2MeetProtocolError,
} from './errors.ts';
export { type FillRequest, type FillResult, fillAvailability, requestedVector } from './fill.ts';
export {
  describeEventSpan,
  type FreeRange,
  parseFreeRange,
  SLOT_SECONDS,
  slotWallClock,
  vectorFromFreeRanges,
} from './free.ts';
export { type BusyInterval, busyIntervalsFromIcs, type IcsOptions } from './ical.ts';
export {
  bestTimesOperation,
  type ContextOptions,
  createEventOperation,
  type EventView,
  fillAvailabilityOperation,
  type Operation,
  type OperationContext,
  operationContext,
  operations,
  readEventOperation,
  runOperation,
} from './operations/index.ts';
export { decodeHtmlEntities, decodePageName, unescapeJsLiteral } from './protocol/decode.ts';
export { type EventRef, eventUrl, parseEventRef } from './protocol/event-ref.ts';
export {
  type CreateEventInput,
  createEventForm,
  loginForm,
  type SaveTimesInput,
  saveTimesForm,
} from './protocol/forms.ts';
export {
  type EventKind,
  type EventPage,
  type PagePerson,
  PLACEHOLDER_WEEK_START,
  parseEventPage,
} from './protocol/page.ts';
export { parseCreateRedirect } from './protocol/redirect.ts';
export {
  type AvailabilityVector,
  assertFullLength,
  buildVector,
  countAvailable,
  unionVectors,
  vectorFromIndexes,
  vectorToString,
} from './protocol/vector.ts';
export {
  isRealIsoDate,
  isValidTimeZone,
  type WallClock,
  wallClockAt,
  weekdayNumber,
  zonedToUnix,
} from './time.ts';
