// Verbatim from the `/v2/auditlogs/{account}/actions` example in docker-hub-api.yaml (spec commit c065f800).
export interface FakeAuditAction {
  name: string;
  description: string;
  label: string;
}

export const AUDIT_ACTION_CATALOG: Record<string, { label: string; actions: FakeAuditAction[] }> = {
  billing: {
    label: 'Billing',
    actions: [
      {
        name: 'plan.upgrade',
        description: 'Occurs when your organization’s billing plan is upgraded to a higher tier plan.',
        label: 'Plan Upgraded',
      },
      {
        name: 'plan.downgrade',
        description: 'Occurs when your organization’s billing plan is downgraded to a lower tier plan.',
        label: 'Plan Downgraded',
      },
      {
        name: 'plan.seat_add',
        description: 'Occurs when a seat is added to your organization’s billing plan.',
        label: 'Seat Added',
      },
      {
        name: 'plan.seat_remove',
        description: 'Occurs when a seat is removed from your organization’s billing plan.',
        label: 'Seat Removed',
      },
      {
        name: 'plan.cycle_change',
        description:
          'Occurs when there is a change in the recurring interval that your organization is charged.',
        label: 'Billing Cycle Changed',
      },
      {
        name: 'plan.downgrade_cancel',
        description: 'Occurs when a scheduled plan downgrade for your organization is canceled.',
        label: 'Plan Downgrade Canceled',
      },
      {
        name: 'plan.seat_removal_cancel',
        description: 'Occurs when a scheduled seat removal for an organization’s billing plan is canceled.',
        label: 'Seat Removal Canceled',
      },
      {
        name: 'plan.upgrade.request',
        description: 'Occurs when a user in your organization requests a plan upgrade.',
        label: 'Plan Upgrade Requested',
      },
      {
        name: 'plan.downgrade.request',
        description: 'Occurs when a user in your organization requests a plan downgrade.',
        label: 'Plan Downgrade Requested',
      },
      {
        name: 'plan.seat_add.request',
        description: 'Occurs when a user in your organization requests an increase in the number of seats.',
        label: 'Seat Addition Requested',
      },
      {
        name: 'plan.seat_removal.request',
        description: 'Occurs when a user in your organization requests a decrease in the number of seats.',
        label: 'Seat Removal Requested',
      },
      {
        name: 'plan.cycle_change.request',
        description: 'Occurs when a user in your organization requests a change in the billing cycle.',
        label: 'Billing Cycle Change Requested',
      },
      {
        name: 'plan.downgrade_cancel.request',
        description:
          'Occurs when a user in your organization requests a cancellation of a scheduled plan downgrade.',
        label: 'Plan Downgrade Cancellation Requested',
      },
      {
        name: 'plan.seat_removal_cancel.request',
        description:
          'Occurs when a user in your organization requests a cancellation of a scheduled seat removal.',
        label: 'Seat Removal Cancellation Requested',
      },
      {
        name: 'plan.product_change',
        description: 'Occurs when there is a change in the product that your organization subscribes to.',
        label: 'Billing Product Changed',
      },
    ],
  },
  enterprise: {
    label: 'Enterprise',
    actions: [
      {
        name: 'setting.policy.create',
        description: 'Details of adding an admin settings policy',
        label: 'Policy created',
      },
      {
        name: 'setting.policy.update',
        description: 'Details of updating an admin settings policy',
        label: 'Policy updated',
      },
      {
        name: 'setting.policy.delete',
        description: 'Details of deleting an admin settings policy',
        label: 'Policy deleted',
      },
      {
        name: 'setting.policy.transfer',
        description: 'Details of transferring an admin settings policy to another owner',
        label: 'Policy transferred',
      },
      {
        name: 'sso.connection.create',
        description: 'Details of creating a new org/company SSO connection',
        label: 'Create SSO Connection',
      },
      {
        name: 'sso.connection.update',
        description: 'Details of updating an existing org/company SSO connection',
        label: 'Update SSO Connection',
      },
      {
        name: 'sso.connection.delete',
        description: 'Details of deleting an existing org/company SSO connection',
        label: 'Delete SSO Connection',
      },
      {
        name: 'sso.connection.enforcement_toggle',
        description: 'Details of toggling enforcement on an existing org/company SSO connection',
        label: 'Enforce SSO',
      },
      {
        name: 'sso.connection.scim_toggle',
        description: 'Details of toggling SCIM on an existing org/company SSO connection',
        label: 'Enforce SCIM',
      },
      {
        name: 'sso.connection.scim_token_refresh',
        description: 'Details of a SCIM token refresh on an existing org/company SSO connection',
        label: 'Refresh SCIM Token',
      },
      {
        name: 'sso.connection.connection_type_change',
        description: 'Details of a connection type change on an existing org/company SSO connection',
        label: 'Change SSO Connection Type',
      },
      {
        name: 'sso.connection.jit_toggle',
        description: 'Details of a JIT toggle on an existing org/company SSO connection',
        label: 'Toggle JIT provisioning',
      },
    ],
  },
  offload: {
    label: 'Offload',
    actions: [
      {
        name: 'lease.start',
        description: 'Details of the started Offload lease.',
        label: 'Offload lease start',
      },
      { name: 'lease.end', description: 'Details of the ended Offload lease.', label: 'Offload lease end' },
    ],
  },
  oidc: {
    label: 'OIDC',
    actions: [
      {
        name: 'connection.create',
        description: 'Details of creating an OIDC connection.',
        label: 'OIDC connection created',
      },
      {
        name: 'connection.update',
        description: 'Details of updating an OIDC connection.',
        label: 'OIDC connection updated',
      },
      {
        name: 'connection.delete',
        description: 'Details of deleting an OIDC connection.',
        label: 'OIDC connection deleted',
      },
    ],
  },
  org: {
    label: 'Organization',
    actions: [
      {
        name: 'create',
        description: 'Activities related to the creation of a new organization',
        label: 'Organization Created',
      },
      {
        name: 'member.add',
        description: 'Details of the member added to your organization',
        label: 'Organization Member Added',
      },
      {
        name: 'member.remove',
        description: 'Details about the member removed from your organization',
        label: 'Organization Member Removed',
      },
      {
        name: 'member.role.change',
        description: 'Details about the role changed for a member in your organization',
        label: 'Member Role Changed',
      },
      {
        name: 'member.invite.send',
        description: 'Details of the member invited to your organization',
        label: 'Org Member Invited',
      },
      {
        name: 'team.create',
        description: 'Activities related to the creation of a team',
        label: 'Organization Created',
      },
      {
        name: 'team.update',
        description: 'Activities related to the modification of a team',
        label: 'Organization Deleted',
      },
      {
        name: 'team.delete',
        description: 'Activities related to the deletion of a team',
        label: 'Organization Deleted',
      },
      {
        name: 'team.member.add',
        description: 'Details of the member added to your team',
        label: 'Team Member Added',
      },
      {
        name: 'team.member.remove',
        description: 'Details of the member removed from your team',
        label: 'Team Member Removed',
      },
      {
        name: 'domain.create',
        description: 'Details of the single sign-on domain added to your organization',
        label: 'Single Sign-On domain added',
      },
      {
        name: 'domain.verify',
        description: 'Details of the single sign-on domain verified for your organization',
        label: 'Single Sign-On domain verified',
      },
      {
        name: 'domain.delete',
        description: 'Details of the single sign-on domain removed from your organization',
        label: 'Single Sign-On domain deleted',
      },
      {
        name: 'domain.auto-provisioning.toggle',
        description: 'Details of toggling the Auto-Provisioning feature on a domain on or off',
        label: 'Organization Auto-Provisioning Toggled',
      },
      {
        name: 'settings.update',
        description: 'Details related to the organization setting that was updated',
        label: 'Organization Settings Updated',
      },
      {
        name: 'registry_access.enabled',
        description: 'Activities related to enabling Registry Access Management',
        label: 'Registry Access Management enabled',
      },
      {
        name: 'registry_access.disabled',
        description: 'Activities related to disabling Registry Access Management',
        label: 'Registry Access Management disabled',
      },
      {
        name: 'registry_access.registry_added',
        description: 'Activities related to the addition of a registry',
        label: 'Registry Access Management registry added',
      },
      {
        name: 'registry_access.registry_updated',
        description: 'Details related to the registry that was updated',
        label: 'Registry Access Management registry updated',
      },
      {
        name: 'registry_access.registry_removed',
        description: 'Activities related to the removal of a registry',
        label: 'Registry Access Management registry removed',
      },
      {
        name: 'access_token.create',
        description: 'Access token created in organization',
        label: 'Access token created',
      },
      {
        name: 'access_token.update',
        description: 'Access token updated in organization',
        label: 'Access token updated',
      },
      {
        name: 'access_token.delete',
        description: 'Access token deleted in organization',
        label: 'Access token deleted',
      },
      { name: 'customrole.create', description: 'A custom role was created', label: 'Custom role created' },
      {
        name: 'customrole.update',
        description: 'An existing custom role was updated',
        label: 'Custom role updated',
      },
      { name: 'customrole.delete', description: 'A custom role was deleted', label: 'Custom role deleted' },
      {
        name: 'securepolicyconfigure.create',
        description: 'A secure policy configuration was created',
        label: 'Secure Policy Configuration created',
      },
      {
        name: 'securepolicyconfigure.update',
        description: 'A secure policy configuration was updated',
        label: 'Secure Policy Configuration updated',
      },
      {
        name: 'securepolicyconfigure.delete',
        description: 'A secure policy configuration was deleted',
        label: 'Secure Policy Configuration deleted',
      },
      {
        name: 'securepolicyclient.create',
        description: 'A secure policy client was created',
        label: 'Secure Policy Client created',
      },
      {
        name: 'securepolicyclient.update',
        description: 'A secure policy client was updated',
        label: 'Secure Policy Client updated',
      },
      {
        name: 'securepolicyclient.delete',
        description: 'A secure policy client was deleted',
        label: 'Secure Policy Client deleted',
      },
      {
        name: 'securepolicyprofile.create',
        description: 'A secure policy profile was created',
        label: 'Secure Policy Profile created',
      },
      {
        name: 'securepolicyprofile.update',
        description: 'A secure policy profile was updated',
        label: 'Secure Policy Profile updated',
      },
      {
        name: 'securepolicyprofile.delete',
        description: 'A secure policy profile was deleted',
        label: 'Secure Policy Profile deleted',
      },
    ],
  },
  repo: {
    label: 'Repository',
    actions: [
      {
        name: 'create',
        description: 'Activities related to the creation of a new repository',
        label: 'Repository Created',
      },
      {
        name: 'update',
        description: 'Activities related to the modification of a repository',
        label: 'Repository Updated',
      },
      {
        name: 'delete',
        description: 'Activities related to the deletion of a repository',
        label: 'Repository Deleted',
      },
      {
        name: 'change_privacy',
        description: 'Details related to the privacy policies that were updated',
        label: 'Privacy Changed',
      },
      {
        name: 'category.updated',
        description: 'Details related to updating a repository categories',
        label: 'Categories updated',
      },
      {
        name: 'immutable.tags.updated',
        description: 'Details related to updating tag immutability of a repository',
        label: 'Tag immutability updated',
      },
      { name: 'tag.push', description: 'Activities related to the tags pushed', label: 'Tag Pushed' },
      { name: 'tag.delete', description: 'Activities related to the tags deleted', label: 'Tag Deleted' },
    ],
  },
};
