import {
  bearer,
  enterpriseErrorMessage,
  type FakeRequest,
  type FakeResponse,
  type FakeState,
  json,
  type Principal,
  s3Error,
  text,
} from './fake-docker-http.js';
import { csvHeader, USAGE_PULLS_FIELDS, type UsageField } from './fake-docker-usage.js';

export const ENTERPRISE_BASE_PATH = '/enterprise-data/v1';
export const REPORT_TYPE = 'usage_pulls';
export const REPORT_CADENCE = 'daily';
/** Lifetime of a pre-signed download URL (spec: 15 minutes). */
export const PRESIGN_EXPIRES_SECONDS = 900;

const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;

function apiError(status: number, message = enterpriseErrorMessage(status)): FakeResponse {
  return json(status, { error: message });
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

export function reportKey(org: string, date: string): string {
  return `${org}/${REPORT_TYPE}/${REPORT_CADENCE}/${date}.csv`;
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : Number.NaN;
}

function sortedDates(reports: Map<string, string>): string[] {
  return [...reports.keys()].filter(isValidDate).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/** The Enterprise Data API (`/enterprise-data/v1/...`). */
export function createEnterpriseHandler(state: FakeState): (req: FakeRequest) => FakeResponse {
  /** The exchanged JWT (the guide), or a raw OAT as the bearer (the spec, older docs): `enterpriseBearer`. */
  function principal(req: FakeRequest): Principal | undefined {
    const token = bearer(req.authorization);
    if (token === undefined || state.enterpriseBearer === 'none') return undefined;
    const fromJwt = state.enterpriseBearer === 'oat' ? undefined : state.tokens.verify(token, state.now());
    if (fromJwt) return fromJwt;
    if (state.enterpriseBearer === 'jwt') return undefined;
    const raw = state.credentials.find((c) => c.secret === token);
    if (!raw) return undefined;
    const oat =
      raw.secret.startsWith('dckr_oat_') || raw.identifier.toLowerCase() === state.org.toLowerCase();
    return { identifier: raw.identifier, kind: oat ? 'oat' : 'pat' };
  }

  function listReports(req: FakeRequest, org: string): FakeResponse {
    const rawSize = req.query.get('page_size');
    let pageSize = 30;
    if (rawSize !== null && rawSize !== '') {
      pageSize = Number(rawSize);
      if (!/^\d+$/.test(rawSize) || pageSize < 1 || pageSize > 100) {
        return apiError(400, 'invalid input: page_size must be between 1 and 100');
      }
    }
    const dates = sortedDates(state.pullReports);
    let start = 0;
    const token = req.query.get('page_token');
    if (token) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!isValidDate(decoded) || Buffer.from(decoded).toString('base64url') !== token) {
        return apiError(400, 'invalid input: invalid page token');
      }
      start = dates.findIndex((d) => d <= decoded);
      if (start === -1) start = dates.length;
    }
    const page = dates.slice(start, start + pageSize);
    const next = dates[start + pageSize];
    return json(200, {
      reports: page.map((date) => ({
        ReportType: REPORT_TYPE,
        Cadence: REPORT_CADENCE,
        Date: date,
        SizeBytes: Buffer.byteLength(state.pullReports.get(date) ?? ''),
        Key: reportKey(org, date),
      })),
      next_page_token: next === undefined ? '' : Buffer.from(next).toString('base64url'),
    });
  }

  function download(org: string, date: string): FakeResponse {
    const key = reportKey(org, date);
    const stamp = amzDate(state.now());
    const params = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `AKIAFAKEDOCKEREXPORTS/${stamp.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': stamp,
      'X-Amz-Expires': String(PRESIGN_EXPIRES_SECONDS),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': state.presign(key, stamp),
    });
    return { status: 302, headers: { Location: `${state.s3Url}/${key}?${params.toString()}` }, body: '' };
  }

  function schema(date: string): FakeResponse {
    const fields = csvHeader(state.pullReports.get(date) ?? '').map(
      (name): UsageField =>
        USAGE_PULLS_FIELDS[name] ?? { name, type: 'string', description: `Column ${name}.` },
    );
    return json(200, { category: REPORT_TYPE, fields });
  }

  return (req) => {
    if (!req.path.startsWith(`${ENTERPRISE_BASE_PATH}/`)) return apiError(404);
    const rest = req.path.slice(ENTERPRISE_BASE_PATH.length).replace(/\/+$/, '');
    const m = /^\/orgs\/([^/]+)\/reports(?:\/([^/]+)\/([^/]+)(?:\/([^/]+)\/(download|schema))?)?$/.exec(rest);
    if (!m) return apiError(404);
    if (req.method !== 'GET') return apiError(405, 'method not allowed');
    const who = principal(req);
    if (!who) return apiError(401);

    const [, rawOrg = '', rawType, rawCadence, rawDate, op] = m;
    const params: Array<[string, string | undefined]> = [
      ['org_name', rawOrg],
      ['type', rawType],
      ['cadence', rawCadence],
    ];
    for (const [name, raw] of params) {
      if (raw !== undefined && !SEGMENT.test(decodeURIComponent(raw))) {
        return apiError(400, `invalid input: ${name} contains invalid characters`);
      }
    }
    const date = rawDate === undefined ? undefined : decodeURIComponent(rawDate);
    if (date !== undefined && !isValidDate(date)) {
      return apiError(400, 'invalid input: date must be a valid YYYY-MM-DD date');
    }
    const org = decodeURIComponent(rawOrg);
    // Report Read is an org permission: OATs of this org only (PATs are not supported).
    if (who.kind !== 'oat' || who.identifier.toLowerCase() !== org || org !== state.org.toLowerCase()) {
      return apiError(403);
    }
    if (state.pullReports.size === 0) return apiError(404);
    if (rawType === undefined) {
      return json(200, { report_types: [{ ReportType: REPORT_TYPE, Cadence: REPORT_CADENCE }] });
    }
    if (rawType !== REPORT_TYPE || rawCadence !== REPORT_CADENCE) return apiError(404);
    if (date === undefined) return listReports(req, org);
    if (!state.pullReports.has(date)) return apiError(404);
    return op === 'download' ? download(org, date) : schema(date);
  };
}

/** The pre-signed download host: S3 semantics, including its refusal of a second auth mechanism. */
export function createS3Handler(state: FakeState): (req: FakeRequest) => FakeResponse {
  return (req) => {
    if (req.authorization !== undefined) {
      return s3Error(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        { ArgumentName: 'Authorization', ArgumentValue: req.authorization },
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const key = decodeURIComponent(req.path.slice(1));
    const q = req.query;
    const stamp = q.get('X-Amz-Date') ?? '';
    const signature = q.get('X-Amz-Signature');
    const expires = Number(q.get('X-Amz-Expires'));
    if (!signature || !stamp || q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
      return s3Error(403, 'AccessDenied', 'Access Denied');
    }
    if (signature !== state.presign(key, stamp) || expires !== PRESIGN_EXPIRES_SECONDS) {
      return s3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    const signedAt = parseAmzDate(stamp);
    if (Number.isNaN(signedAt) || state.now() > signedAt + expires * 1000) {
      return s3Error(403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(expires),
        Expires: new Date(signedAt + expires * 1000).toISOString(),
        ServerTime: new Date(state.now()).toISOString(),
      });
    }
    const m = /^([^/]+)\/usage_pulls\/daily\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(key);
    const csv = m && m[1] === state.org.toLowerCase() ? state.pullReports.get(m[2] ?? '') : undefined;
    if (csv === undefined)
      return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    return text(200, csv, 'text/csv');
  };
}
