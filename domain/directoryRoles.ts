/**
 * Microsoft Entra directory roles Partner Desk knows by name. Template ids are Microsoft's, the same in every
 * tenant, so a Graph-backed role source can map them back to these names.
 */
export const ENTRA_ROLES = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Billing Administrator': 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'SharePoint Administrator': 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  'Teams Administrator': '69091246-20e8-4a56-aa4d-066075b2a7a8',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'License Administrator': '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  'Service Support Administrator': 'f023fd81-a637-4b56-95fd-791ac0226033',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Intune Administrator': '3a2c62db-5318-420d-8d74-23affee5d9d5',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
} as const;

export type EntraRoleName = keyof typeof ENTRA_ROLES;
export const ENTRA_ROLE_NAMES = Object.keys(ENTRA_ROLES) as EntraRoleName[];

export function isEntraRoleName(name: string): name is EntraRoleName {
  return Object.hasOwn(ENTRA_ROLES, name);
}

export function roleNameForTemplateId(templateId: string): EntraRoleName | undefined {
  const id = templateId.toLowerCase();
  return ENTRA_ROLE_NAMES.find((name) => ENTRA_ROLES[name] === id);
}

/** Roles that may change partner relationships in their own tenant (the seed: "Global or Billing admin"). */
export const WRITER_ROLES: readonly EntraRoleName[] = ['Global Administrator', 'Billing Administrator'];

/** Roles that may read relationships in their own tenant. */
export const READER_ROLES: readonly EntraRoleName[] = [
  'Global Administrator',
  'Billing Administrator',
  'Helpdesk Administrator',
  'Global Reader',
];

/** The classic DAP grant: accepting gives the partner Global and Helpdesk admin in the tenant. */
export const DAP_ROLES: readonly EntraRoleName[] = ['Global Administrator', 'Helpdesk Administrator'];

/** Delegated roles that let a partner reset passwords (for "who can reset passwords for us?"). */
export const PASSWORD_RESET_ROLES: readonly EntraRoleName[] = [
  'Global Administrator',
  'Helpdesk Administrator',
  'User Administrator',
  'Privileged Role Administrator',
];
