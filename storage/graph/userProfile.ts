import { z } from 'zod4';
import type { GraphAnswer, GraphCaller } from './graphCall.js';
import { GRAPH_REASONS } from './graphReasons.js';

export interface UserProfile {
  displayName?: string | undefined;
  email?: string | undefined;
}

const UserBody = z.object({
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});

/** `GET /users/{id}?$select=displayName,mail,userPrincipalName`; the email is the mail address, else the UPN. */
export async function readUserProfile(call: GraphCaller, userObjectId: string): Promise<GraphAnswer<UserProfile>> {
  const answer = await call({ path: `/users/${encodeURIComponent(userObjectId)}?$select=displayName,mail,userPrincipalName` });
  if (answer.kind !== 'ok') return answer;
  const parsed = UserBody.safeParse(answer.body);
  if (!parsed.success) return { kind: 'failed', reason: GRAPH_REASONS.unreadable };
  const { displayName, mail, userPrincipalName } = parsed.data;
  return { kind: 'ok', body: { displayName: displayName || undefined, email: mail || userPrincipalName || undefined } };
}
