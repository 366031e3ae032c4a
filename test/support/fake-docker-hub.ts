import { AUDIT_ACTION_CATALOG } from './fake-docker-catalog.js';
import { type FakeAuditLog, type FakeMember, membersExportCsv } from './fake-docker-data.js';
import {
  bearer,
  type FakeRequest,
  type FakeResponse,
  type FakeState,
  hubError,
  json,
  type Principal,
  rpcError,
  text,
} from './fake-docker-http.js';
import { seatRoutes } from './fake-docker-members.js';

/** Members `page_size` when absent or invalid (the spec gives none; 10 as the other Hub list routes). */
export const MEMBERS_DEFAULT_PAGE_SIZE = 10;
/** Larger members `page_size` values are capped (silently, as Django REST framework does). */
export const MEMBERS_MAX_PAGE_SIZE = 100;
export const AUDIT_DEFAULT_PAGE_SIZE = 25;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

interface AuditIndex {
  source: FakeAuditLog[];
  length: number;
  /** Newest first; ties keep their input order. */
  sorted: FakeAuditLog[];
  /** `sorted[i]`'s time in ms. */
  times: Float64Array;
  filtered: Map<string, FakeAuditLog[]>;
}

interface MemberIndex {
  source: FakeMember[];
  length: number;
  filtered: Map<string, FakeMember[]>;
}

const CACHE_LIMIT = 64;

/** The Hub API routes (`/v2/...`). */
export function createHubHandler(state: FakeState): (req: FakeRequest) => FakeResponse {
  let auditIndex: AuditIndex | undefined;
  let memberIndex: MemberIndex | undefined;

  function audit(): AuditIndex {
    const source = state.auditLogs;
    if (auditIndex?.source === source && auditIndex.length === source.length) return auditIndex;
    const ms = source.map((l) => Date.parse(l.timestamp) || 0);
    const order = source.map((_, i) => i).sort((a, b) => (ms[b] ?? 0) - (ms[a] ?? 0) || a - b);
    auditIndex = {
      source,
      length: source.length,
      sorted: order.map((i) => source[i] as FakeAuditLog),
      times: Float64Array.from(order, (i) => ms[i] ?? 0),
      filtered: new Map(),
    };
    return auditIndex;
  }

  function members(): MemberIndex {
    const source = state.members;
    if (memberIndex?.source === source && memberIndex.length === source.length) return memberIndex;
    memberIndex = { source, length: source.length, filtered: new Map() };
    return memberIndex;
  }

  function sameOrg(name: string): boolean {
    return name.toLowerCase() === state.org.toLowerCase();
  }

  function authenticate(req: FakeRequest): Principal | undefined {
    const token = bearer(req.authorization);
    return token === undefined ? undefined : state.tokens.verify(token, state.now());
  }

  function authToken(req: FakeRequest): FakeResponse {
    if (req.method !== 'POST') return hubError(405, `Method "${req.method}" not allowed.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body);
    } catch {
      return hubError(400, 'JSON parse error: malformed request body');
    }
    const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const { identifier, secret } = body;
    if (typeof identifier !== 'string' || typeof secret !== 'string' || !identifier || !secret) {
      return hubError(400, 'identifier and secret are required', { fields: 'identifier, secret' });
    }
    const credential = state.credentials.find(
      (c) => c.identifier.toLowerCase() === identifier.toLowerCase() && c.secret === secret,
    );
    if (!credential) return hubError(401, 'Incorrect authentication credentials');
    const kind = secret.startsWith('dckr_oat_') || sameOrg(identifier) ? 'oat' : 'pat';
    const scopes = credential.scopes ? { scopes: credential.scopes } : {};
    const accessToken = state.tokens.issue(
      { identifier, kind, ...scopes },
      state.now(),
      state.tokenTtlSeconds,
    );
    return json(200, { access_token: accessToken });
  }

  function listMembers(req: FakeRequest, org: string): FakeResponse {
    const q = req.query;
    const type = q.get('type') ?? '';
    const role = (q.get('role') ?? '').toLowerCase();
    if (type && !['all', 'invitee', 'member'].includes(type)) {
      return hubError(400, 'type must be one of all, invitee, member', { type: 'invalid choice' });
    }
    if (role && !['owner', 'editor', 'member'].includes(role)) {
      return hubError(400, 'role must be one of owner, editor, member', { role: 'invalid choice' });
    }
    const invites = ['true', '1'].includes((q.get('invites') ?? '').toLowerCase());
    const mode =
      type === 'invitee' ? 'invitee' : type === 'all' || (type === '' && invites) ? 'all' : 'member';
    const search = (q.get('search') ?? '').trim().toLowerCase();

    const index = members();
    const key = `${mode}\u0000${role}\u0000${search}`;
    let list = index.filtered.get(key);
    if (!list) {
      list = index.source.filter((m) => {
        const invitee = m.role === 'Invitee';
        if (mode === 'member' && invitee) return false;
        if (mode === 'invitee' && !invitee) return false;
        if (role && m.role.toLowerCase() !== role) return false;
        if (!search) return true;
        return [m.username, m.full_name, m.email].some((v) =>
          String(v ?? '')
            .toLowerCase()
            .includes(search),
        );
      });
      if (index.filtered.size >= CACHE_LIMIT) index.filtered.clear();
      index.filtered.set(key, list);
    }

    const rawSize = Number(q.get('page_size'));
    const pageSize =
      Number.isInteger(rawSize) && rawSize > 0
        ? Math.min(rawSize, MEMBERS_MAX_PAGE_SIZE)
        : MEMBERS_DEFAULT_PAGE_SIZE;
    const rawPage = q.get('page');
    const page = rawPage === null || rawPage === '' ? 1 : Number(rawPage);
    const lastPage = Math.max(1, Math.ceil(list.length / pageSize));
    if (!Number.isInteger(page) || page < 1 || page > lastPage) return hubError(404, 'Invalid page.');

    const link = (p: number): string => {
      const params = new URLSearchParams(q);
      params.set('page', String(p));
      return `${state.hubUrl}/v2/orgs/${encodeURIComponent(org)}/members?${params.toString()}`;
    };
    const envelope = {
      count: list.length,
      next: page < lastPage ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: list.slice((page - 1) * pageSize, page * pageSize),
    };
    return json(200, state.membersEnvelope === 'array' ? [envelope] : envelope);
  }

  function exportMembers(org: string): FakeResponse {
    const stamp = Math.floor(state.now() / 1000);
    return text(200, membersExportCsv(state.members), 'text/csv', {
      'Content-Disposition': `attachment;filename="${org}-members-${stamp}.csv"`,
    });
  }

  function listAuditLogs(req: FakeRequest): FakeResponse {
    const q = req.query;
    const ints: Record<'page' | 'page_size', number> = { page: 1, page_size: AUDIT_DEFAULT_PAGE_SIZE };
    for (const name of ['page', 'page_size'] as const) {
      const raw = q.get(name);
      if (raw === null || raw === '') continue;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || value < 0 || value > 2147483647) {
        return rpcError(400, `type mismatch, parameter: ${name}, error: invalid value "${raw}"`);
      }
      // proto3: 0 is the same as unset.
      if (value > 0) ints[name] = value;
    }
    ints.page_size = Math.min(ints.page_size, state.auditMaxPageSize ?? Number.POSITIVE_INFINITY);
    const bounds: Record<'from' | 'to', number | undefined> = { from: undefined, to: undefined };
    for (const name of ['from', 'to'] as const) {
      const raw = q.get(name);
      if (raw === null || raw === '') continue;
      const value = Date.parse(raw);
      if (!RFC3339.test(raw) || Number.isNaN(value)) {
        return rpcError(400, `parsing field "${name}": invalid RFC 3339 timestamp "${raw}"`);
      }
      bounds[name] = value;
    }

    const index = audit();
    const { times } = index;
    // Window [from, to): `times` is descending, so find the first entry older than each bound.
    const firstBelow = (limit: number): number => {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((times[mid] ?? 0) < limit) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const start = bounds.to === undefined ? 0 : firstBelow(bounds.to);
    const end = bounds.from === undefined ? times.length : Math.max(start, firstBelow(bounds.from));
    const action = q.get('action') || undefined;
    const actor = q.get('actor') || undefined;
    const name = q.get('name') || undefined;

    const offset = (ints.page - 1) * ints.page_size;
    let logs: FakeAuditLog[];
    if (!action && !actor && !name) {
      logs = index.sorted.slice(
        Math.min(end, start + offset),
        Math.min(end, start + offset + ints.page_size),
      );
    } else {
      const key = `${start}:${end}\u0000${action ?? ''}\u0000${actor ?? ''}\u0000${name ?? ''}`;
      let list = index.filtered.get(key);
      if (!list) {
        list = [];
        for (let i = start; i < end; i++) {
          const l = index.sorted[i] as FakeAuditLog;
          if (
            (!action || l.action === action) &&
            (!actor || l.actor === actor) &&
            (!name || l.name === name)
          ) {
            list.push(l);
          }
        }
        if (index.filtered.size >= CACHE_LIMIT) index.filtered.clear();
        index.filtered.set(key, list);
      }
      logs = list.slice(offset, offset + ints.page_size);
    }
    return json(200, { logs });
  }

  return (req) => {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    if (path === '/v2/auth/token') return authToken(req);
    const seats = seatRoutes(state, { ...req, path }, authenticate);
    if (seats) return seats;

    const membersMatch = /^\/v2\/orgs\/([^/]+)\/members(\/export)?$/.exec(path);
    if (membersMatch) {
      if (req.method !== 'GET') return hubError(405, `Method "${req.method}" not allowed.`);
      if (!authenticate(req))
        return hubError(401, 'Authentication credentials were not provided or have expired.');
      const org = decodeURIComponent(membersMatch[1] ?? '');
      if (!sameOrg(org)) return hubError(404, 'Not found.');
      return membersMatch[2] ? exportMembers(org) : listMembers(req, org);
    }

    const auditMatch = /^\/v2\/auditlogs\/([^/]+)(\/actions)?$/.exec(path);
    if (auditMatch) {
      if (req.method !== 'GET') return rpcError(405, 'Method Not Allowed');
      if (!authenticate(req)) return rpcError(401, 'unauthenticated');
      if (!sameOrg(decodeURIComponent(auditMatch[1] ?? ''))) return rpcError(404, 'account not found');
      return auditMatch[2] ? json(200, { actions: AUDIT_ACTION_CATALOG }) : listAuditLogs(req);
    }

    return hubError(404, 'Not found.');
  };
}
