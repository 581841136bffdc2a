import { z } from 'zod4';
import type { GraphAnswer, GraphCaller } from './graphCall.js';
import type { GraphEndpoint } from './graphEndpoint.js';
import { GRAPH_REASONS } from './graphReasons.js';

/** A user holds at most a few dozen roles (100 per page); more pages than this means something is wrong. */
export const MAX_ROLE_PAGES = 20;

/** directoryRole objects of a transitiveMemberOf page. Properties are null when the app may not read roles. */
const RolePage = z.object({
  value: z.array(z.object({ id: z.string().nullish(), roleTemplateId: z.string().nullish() })),
  '@odata.nextLink': z.string().optional(),
});

/**
 * The role template ids of every directory role the user holds, directly or through a role-assignable group:
 * `GET /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole`, every page. The OData cast needs Graph's
 * advanced query parameters (ConsistencyLevel: eventual and $count).
 *
 * Graph answers an app that may read users but not roles with the roles' ids only ("limited information for
 * inaccessible member objects": roleTemplateId null). That is missing consent, not "no roles".
 */
export async function readRoleTemplateIds(call: GraphCaller, endpoint: GraphEndpoint, userObjectId: string): Promise<GraphAnswer<string[]>> {
  let path: string | undefined =
    `/users/${encodeURIComponent(userObjectId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId&$count=true`;
  const templateIds: string[] = [];
  for (let page = 0; page < MAX_ROLE_PAGES; page++) {
    const answer = await call({ path, headers: { ConsistencyLevel: 'eventual' } });
    if (answer.kind !== 'ok') return answer;
    const parsed = RolePage.safeParse(answer.body);
    if (!parsed.success) return { kind: 'failed', reason: GRAPH_REASONS.unreadable };
    for (const role of parsed.data.value) {
      if (!role.roleTemplateId) return { kind: 'failed', reason: GRAPH_REASONS.noConsent };
      templateIds.push(role.roleTemplateId);
    }
    const next = parsed.data['@odata.nextLink'];
    if (!next) return { kind: 'ok', body: templateIds };
    path = endpoint.pathOf(next);
    if (!path) return { kind: 'failed', reason: GRAPH_REASONS.unreadable };
  }
  return { kind: 'failed', reason: GRAPH_REASONS.unreadable };
}
