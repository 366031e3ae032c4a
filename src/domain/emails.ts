/** Emails are personal data: only Insights admins see them. Pure. */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** `alice@acme.com` → `a member`. */
export function hideEmails(text: string): string {
  return text.replace(EMAIL, 'a member');
}

/** The same for every string inside a value (a Slack message: its text, its blocks), keys left alone. */
export function hideEmailsIn<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return hideEmails(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    }
    return v;
  };
  return walk(value) as T;
}
