-- Docker's activity-log action catalog (GET /v2/auditlogs/{org}/actions), refreshed daily: the labels shown
-- in activity alerts ("Member Role Changed") and the check that SENSITIVE_ACTIONS names real actions.
CREATE TABLE audit_actions (
  org text NOT NULL,
  action text NOT NULL,
  label text NOT NULL,
  description text NOT NULL DEFAULT '',
  PRIMARY KEY (org, action)
);
