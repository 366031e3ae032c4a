/**
 * The sandbox's Slack people for the demo organization's members: users.lookupByEmail finds most members
 * of `@<org>.example` (so `/insights seats ask` has someone to DM); the first one found is the person at the
 * page, so that DM shows in the page; about one in four has no Slack account (listed to the admin instead).
 */
import { SANDBOX_USER } from './sandbox-routes.js';
import type { StandInUser } from './slack-stand-in-types.js';

export function demoPeople(org: string): (email: string) => StandInUser | undefined {
  const domain = `@${org.toLowerCase()}.example`;
  let seen = 0;
  return (email) => {
    if (!email.toLowerCase().endsWith(domain)) return undefined;
    seen++;
    if (seen === 1) return { id: SANDBOX_USER, email, name: email.slice(0, email.indexOf('@')) };
    if (seen % 4 === 0) return undefined;
    return { id: `U0M${seen.toString(36).toUpperCase().padStart(5, '0')}`, email };
  };
}
