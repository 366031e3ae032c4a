import { z } from 'zod';

// Keys are PascalCase in this API (§2.3); the transforms hand back camelCase.

/** `GET /orgs/{org}/reports` → the (type, cadence) pairs the organization has. */
export const ReportTypes = z
  .object({ report_types: z.array(z.object({ ReportType: z.string(), Cadence: z.string() })) })
  .transform((body) => body.report_types.map((t) => ({ type: t.ReportType, cadence: t.Cadence })));
export type ReportTypes = z.infer<typeof ReportTypes>;

export const Report = z
  .object({
    ReportType: z.string(),
    Cadence: z.string(),
    Date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
    SizeBytes: z.number().nullish(),
    Key: z.string().nullish(),
  })
  .transform((r) => ({
    type: r.ReportType,
    cadence: r.Cadence,
    date: r.Date,
    sizeBytes: r.SizeBytes ?? undefined,
    key: r.Key ?? undefined,
  }));
export type Report = z.infer<typeof Report>;

/** `GET /orgs/{org}/reports/{type}/{cadence}`: cursor paging, `next_page_token` is "" at the end. */
export const ReportsPage = z.object({
  reports: z.array(Report),
  next_page_token: z.string().nullish(),
});
export type ReportsPage = z.infer<typeof ReportsPage>;

/** `GET …/{date}/schema`: the CSV columns of that day's file (the column set is unstable, §2.5). */
export const ReportSchema = z.object({
  category: z
    .string()
    .nullish()
    .transform((c) => c ?? ''),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z
        .string()
        .nullish()
        .transform((t) => t ?? 'string'),
      description: z
        .string()
        .nullish()
        .transform((d) => d ?? ''),
    }),
  ),
});
export type ReportSchema = z.infer<typeof ReportSchema>;
