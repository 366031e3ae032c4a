import { z } from 'zod';

/** `POST /v2/auth/token` → a JWT that expires in 10 minutes (§1). */
export const AuthToken = z.object({ access_token: z.string().min(1) });
export type AuthToken = z.infer<typeof AuthToken>;

const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/**
 * `org_member` (§3.4); the last three fields exist only when Insights is on for the organization. Its role
 * may be `Invitee` (the spec's enum), whose entry may have no username yet: the email keys it then.
 */
export const HubMember = z
  .object({
    username: z.string().nullish(),
    full_name: z.string().nullish(),
    email: z.string().nullish(),
    role: z.string().nullish(),
    groups: z.array(z.string()).nullish(),
    date_joined: z.string().nullish(),
    is_guest: z.boolean().nullish(),
    last_logged_in_at: optionalString,
    last_seen_at: optionalString,
    last_desktop_version: optionalString,
  })
  .transform((m) => {
    const member: {
      username: string;
      fullName: string;
      email: string;
      role: string;
      teams: string[];
      dateJoined: string;
      isGuest: boolean;
      lastLoggedInAt?: string;
      lastSeenAt?: string;
      lastDesktopVersion?: string;
    } = {
      username: m.username ?? '',
      fullName: m.full_name ?? '',
      email: m.email ?? '',
      role: m.role ?? '',
      teams: m.groups ?? [],
      dateJoined: m.date_joined ?? '',
      isGuest: m.is_guest ?? false,
    };
    if (m.last_logged_in_at) member.lastLoggedInAt = m.last_logged_in_at;
    if (m.last_seen_at) member.lastSeenAt = m.last_seen_at;
    if (m.last_desktop_version) member.lastDesktopVersion = m.last_desktop_version;
    return member;
  });
export type HubMember = z.infer<typeof HubMember>;

const MembersEnvelope = z.object({
  next: z.string().nullish(),
  // An entry with neither a username nor an email names nobody: left out, not the whole page.
  results: z.array(HubMember).transform((members) => members.filter((m) => m.username || m.email)),
});

/**
 * The spec declares the 200 body as an array of `org_member_paginated`; the live API answers the object
 * (§3.4). Accept both and hand back the one envelope.
 */
export const MembersPage = z
  .union([MembersEnvelope, z.array(MembersEnvelope).max(1)])
  .transform((page) => (Array.isArray(page) ? (page[0] ?? { next: null, results: [] }) : page))
  .transform((page) => ({ next: page.next ?? null, results: page.results }));
export type MembersPage = z.infer<typeof MembersPage>;

/** One pending invite of `GET /v2/orgs/{org}/invites` (§3.5, spec `invite`). */
export const HubInvite = z
  .object({
    id: z.string().nullish(),
    inviter_username: z.string().nullish(),
    invitee: z.string().nullish(),
    team: z.string().nullish(),
    created_at: z.string().nullish(),
  })
  .transform((i) => ({
    id: i.id ?? '',
    invitee: i.invitee ?? '',
    inviter: i.inviter_username ?? '',
    team: i.team ?? '',
    createdAt: i.created_at && Number.isFinite(Date.parse(i.created_at)) ? i.created_at : null,
  }));
export type HubInvite = z.infer<typeof HubInvite>;

/** `{"data": [invite…]}`: every pending invite in one answer (the spec has no paging for it). */
export const InvitesList = z.object({
  data: z
    .array(HubInvite)
    .nullish()
    // An invite that names no invitee cannot be counted or matched: left out, not the whole list.
    .transform((d) => (d ?? []).filter((i) => i.invitee !== '')),
});

// `data` is documented as string→string (§3.2) but its per-action shape is not (§10): stringify the rest.
const AuditData = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((data) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(data ?? {})) {
      if (value === null || value === undefined) continue;
      out[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return out;
  });

/** One `AuditLog` (§3.2), with the timestamp normalised to ISO 8601 UTC. */
export const AuditEvent = z
  .object({
    account: z.string().nullish(),
    action: z.string(),
    name: z.string().nullish(),
    actor: z.string().nullish(),
    data: AuditData,
    timestamp: z.string().refine((t) => Number.isFinite(Date.parse(t)), 'not a date-time'),
    action_description: z.string().nullish(),
  })
  .transform((e) => ({
    account: e.account ?? '',
    action: e.action,
    name: e.name ?? '',
    actor: e.actor ?? '',
    data: e.data,
    timestamp: new Date(e.timestamp).toISOString(),
    description: (e.action_description ?? '').trim(),
  }));
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditLogsPage = z.object({
  logs: z
    .array(AuditEvent)
    .nullish()
    .transform((l) => l ?? []),
});
export type AuditLogsPage = z.infer<typeof AuditLogsPage>;

const AuditActionEntry = z.object({
  name: z.string(),
  label: z.string().nullish(),
  description: z.string().nullish(),
});

/** `{"actions": {"<group>": {"label", "actions": [{name, description, label}]}}}` (§3.2). */
export const AuditActionCatalog = z.object({
  actions: z.record(
    z.string(),
    z.object({ label: z.string().nullish(), actions: z.array(AuditActionEntry).nullish() }),
  ),
});
export type AuditActionCatalog = z.infer<typeof AuditActionCatalog>;

export interface AuditAction {
  /** `<group>.<name>`, as it appears in an event's `action` (e.g. `repo.tag.push`). */
  action: string;
  group: string;
  label: string;
  description: string;
}
