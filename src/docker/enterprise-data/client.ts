import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { DockerApiError, dockerError, type ErrorHints } from '../errors.js';
import { createHttp, type HttpOptions } from '../http.js';
import { type BearerSource, withBearer } from '../hub/auth.js';
import { apiUrl, seg } from '../url.js';
import { type Report, ReportSchema, ReportsPage, ReportTypes } from './schema.js';

export interface EnterpriseDataClientOptions {
  /** Default https://api.docker.com; the API lives under `/enterprise-data/v1` (§2.1). */
  baseUrl?: string;
  org: string;
  /**
   * The Hub client's `bearer` (the current guide exchanges the OAT at hub `/v2/auth/token`, §2.2), or
   * `async () => oat` to send the raw OAT as the older spec said.
   */
  bearer: BearerSource;
  http?: HttpOptions;
}

export interface EnterpriseDataClient {
  reportTypes(): Promise<ReportTypes>;
  reports(type: string, cadence: string): AsyncGenerator<Report[]>;
  schema(type: string, cadence: string, date: string): Promise<ReportSchema>;
  /**
   * The report CSV as a stream, fetched from its pre-signed URL. It errors (a DockerApiError) past
   * `maxBytes` (give the report's listed size) or past the download's deadline.
   */
  download(type: string, cadence: string, date: string, options?: { maxBytes?: number }): Promise<Readable>;
}

// §2.3 path rules; checked here so a typo is a clear error, not a 400.
const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createEnterpriseDataClient(options: EnterpriseDataClientOptions): EnterpriseDataClient {
  const baseUrl = `${(options.baseUrl ?? 'https://api.docker.com').replace(/\/+$/, '')}/enterprise-data/v1`;
  const { org, bearer } = options;
  const http = createHttp(options.http);
  const hints: ErrorHints = {
    auth_failed: {
      what: 'DOCKER_TOKEN rejected',
      fix: 'Usage reports need an organization access token (dckr_oat_…) with Report Read; PATs are not supported.',
    },
    forbidden: {
      fix: `Give the OAT the Report Read scope on ${org}; the organization also needs a Docker Business or Enterprise subscription.`,
    },
    not_found: { fix: `No such report for ${org} yet: reports appear the day after, around 16:00 UTC.` },
  };
  const headers = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  const path = (...parts: string[]) => {
    for (const part of parts) {
      if (!SEGMENT.test(part)) throw badArgument(`"${part}" is not a report type or cadence`);
    }
    return `/orgs/${seg(org)}/reports${parts.map((p) => `/${p}`).join('')}`;
  };
  const datedPath = (type: string, cadence: string, date: string, leaf: string) => {
    if (!DATE.test(date) || !Number.isFinite(Date.parse(date)))
      throw badArgument(`"${date}" is not YYYY-MM-DD`);
    return `${path(type, cadence)}/${date}/${leaf}`;
  };
  const getJson = <S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>> =>
    withBearer(bearer, (jwt) => http.getJson(url, schema, { headers: headers(jwt), hints }));

  return {
    reportTypes: () => getJson(apiUrl(baseUrl, `/orgs/${seg(org)}/reports`), ReportTypes),

    async *reports(type, cadence) {
      let token = '';
      const seen = new Set<string>();
      for (;;) {
        const url = apiUrl(baseUrl, path(type, cadence), {
          page_size: '100',
          page_token: token || undefined,
        });
        const page = await getJson(url, ReportsPage);
        if (page.reports.length > 0) yield page.reports;
        const next = page.next_page_token ?? '';
        // "" marks the last page (§2.3); a repeated cursor would loop forever.
        if (next === '' || seen.has(next)) return;
        seen.add(next);
        token = next;
      }
    },

    schema: (type, cadence, date) =>
      getJson(apiUrl(baseUrl, datedPath(type, cadence, date, 'schema')), ReportSchema),

    async download(type, cadence, date, options = {}) {
      const url = apiUrl(baseUrl, datedPath(type, cadence, date, 'download'));
      const report = { kind: 'report', maxBytes: options.maxBytes } as const;
      for (let attempt = 0; ; attempt++) {
        const res = await withBearer(bearer, (jwt) =>
          http.get(url, { headers: headers(jwt), hints, redirect: 'manual', ...report }),
        );
        if (res.status < 300) return res.stream();
        const location = res.headers.get('location');
        await res.discard();
        if (!location) {
          const { host, pathname } = new URL(url);
          throw dockerError({
            code: 'invalid_response',
            host,
            endpoint: `GET ${pathname}`,
            status: res.status,
            detail: 'redirect without a Location',
          });
        }
        try {
          // No Authorization here: S3 refuses a request that carries a second auth mechanism (§2.3).
          const file = await http.get(new URL(location, url).href, { hints: presignedHints, ...report });
          return file.stream();
        } catch (err) {
          // The pre-signed URL lives 15 minutes (§2.3); an expired one answers 403, so ask for a new one once.
          if (attempt === 0 && err instanceof DockerApiError && err.code === 'forbidden') continue;
          throw err;
        }
      }
    },
  };
}

const presignedHints: ErrorHints = {
  forbidden: {
    what: 'pre-signed URL refused',
    fix: 'Check that this machine’s clock is correct, then retry.',
  },
  not_found: { what: 'report file missing', fix: 'The report may have passed its 30-day retention.' },
};

function badArgument(detail: string): DockerApiError {
  const message = `Enterprise Data API: ${detail}. Use a lowercase report type and cadence (e.g. usage_pulls, daily) and a YYYY-MM-DD date.`;
  return new DockerApiError('bad_request', 'api.docker.com', 'GET /enterprise-data/v1', undefined, message);
}
