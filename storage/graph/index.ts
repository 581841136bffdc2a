export { GraphRoleSource, GRAPH_ROLE_SOURCE_DEFAULTS } from './graphRoleSource.js';
export type { GraphRoleSourceOptions } from './graphRoleSource.js';
export { clientSecretCredentials } from './tenantCredentials.js';
export type { ClientSecretCredentialsOptions, CredentialFor } from './tenantCredentials.js';
export { GRAPH_REASONS } from './graphReasons.js';
export type { GraphLog } from './graphCall.js';
