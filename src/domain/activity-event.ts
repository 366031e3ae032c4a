/** One event of the organization's activity (audit) log, as stored (docker-apis.md §3.2). */
export interface ActivityEvent {
  /** A stable hash of the event, so a re-run stores nothing twice. */
  id: string;
  at: string;
  action: string;
  name: string;
  actor: string;
  data: Record<string, string>;
  description: string;
}
