/**
 * Why a Graph role lookup answered "could not tell", in words an admin of the customer's organization can act on.
 * The domain shows these to the user inside "Your directory roles could not be checked right now (…)".
 */
export const GRAPH_REASONS = {
  noConsent:
    'Partner Desk has no admin consent to read directory roles in your organization; a Global admin must grant it (see the deployment guide)',
  signInFailed: "Partner Desk could not sign in to your organization's directory",
  throttled: 'Microsoft Graph is busy (throttled); try again in a minute',
  unavailable: 'Microsoft Graph is unavailable right now; try again in a minute',
  unreachable: 'Microsoft Graph could not be reached',
  unreadable: 'Microsoft Graph sent an answer Partner Desk could not read',
  unexpected: 'Partner Desk could not check your roles with Microsoft Graph because of an unexpected error',
  serviceError: (status: number): string => `Microsoft Graph answered with an error (HTTP ${status}); try again later`,
} as const;
