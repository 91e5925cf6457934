import { z } from 'zod';

// Statuspage's incident JSON, validated only as far as we read it: every other field is kept as is,
// because the stored record is the raw API answer.
export const incidentUpdateSchema = z.looseObject({
  id: z.string().optional(),
  status: z.string(),
  body: z.string().nullable(),
  created_at: z.string().optional(),
  display_at: z.string().nullable().optional(),
  affected_components: z
    .array(z.looseObject({ name: z.string() }))
    .nullable()
    .optional(),
});

export const componentSchema = z.looseObject({ id: z.string().optional(), name: z.string() });

export const incidentSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  created_at: z.string(),
  resolved_at: z.string().nullable(),
  incident_updates: z.array(incidentUpdateSchema),
  components: z.array(componentSchema).optional().default([]),
});

/** One stored line: the API answer (`{page, incident}`), or `source: "html"` when rebuilt from the page. */
export const incidentRecordSchema = z.looseObject({
  page: z.looseObject({}).optional(),
  incident: incidentSchema,
  source: z.literal('html').optional(),
});

export type IncidentUpdate = z.infer<typeof incidentUpdateSchema>;
export type Incident = z.infer<typeof incidentSchema>;
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

/** One incident as the history page shows it. */
export interface HistoryEntry {
  code: string;
  name: string;
  impact: string;
  /** The displayed time range, e.g. "Feb 29, 22:00 - 23:00 UTC". */
  displayed: string;
  /** The month it is listed under, `YYYY-MM`. */
  month: string;
}
