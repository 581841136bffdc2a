import { z } from 'zod4';
import { issueText } from '../domain/input.js';

/**
 * Who an activity is from or to. Every reply copies these accounts, and the connector refuses to send a reply whose
 * fields have other types than its schema's (`isGroup: ""` meant no answer at all, and a conversation reference kept
 * for notifications that could never be used), so an activity carrying them is refused before anything happens.
 */
const optionalText = z.string().nullish();
const ChannelAccount = z.object({ id: optionalText, name: optionalText, aadObjectId: optionalText, role: optionalText, properties: z.object({}).loose().nullish() }).loose();
const ConversationAccount = ChannelAccount.extend({
  // Sent back as an HTTP header with every reply: anything but printable ASCII (Teams ids are) could never be answered.
  id: z.string().min(1).max(1_000).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
  isGroup: z.boolean().nullish(),
  conversationType: optionalText,
  tenantId: optionalText,
});

/**
 * The fields every activity must carry with the right types before botbuilder sees it. botbuilder assumes them: a
 * numeric serviceUrl made it answer 500, a message without one left the request hanging while it tried to reply.
 */
const ActivityEnvelope = z.object({
  type: z.string().min(1).max(100),
  // A serviceUrl that is no URL at all ("http://", "https://a b/") left messages unanswered and was kept for
  // notifications that could never be sent.
  serviceUrl: z.string().max(2_000).regex(/^https?:\/\//i, 'must be an http(s) URL').refine((url) => URL.canParse(url), 'must be an http(s) URL'),
  conversation: ConversationAccount,
  from: ChannelAccount.optional(),
  recipient: ChannelAccount.optional(),
  // Copied into every reply, so held to the connector's types too. A reply is posted to .../activities/<id>: an id
  // longer than any Teams sends, or one that is not printable ASCII (a lone surrogate can't even be URL-encoded),
  // would leave the reply no address to go to.
  id: z.string().max(1_000).regex(/^[\x20-\x7e]*$/, 'must be printable ASCII').nullish(),
  channelId: optionalText,
  locale: optionalText,
  channelData: z.object({}).loose().optional(),
  entities: z.array(z.unknown()).optional(),
  text: z.string().optional(),
  name: z.string().optional(),
}).loose();

/**
 * Whether a "__proto__" key appears anywhere in the parsed body. JSON.parse keeps it as a plain key, but any code that
 * copies the object by assignment (botbuilder does, building replies) turns it into a prototype: `from: {"__proto__":
 * {"id": 0}}` made every reply fail. Teams never sends one. Walked without recursion: bodies may nest deeply.
 */
function hasProtoKey(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) return true;
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      if (value && typeof value === 'object') pending.push(value);
    }
  }
  return false;
}

/** What is wrong with an activity's shape, or undefined when botbuilder can safely take it. */
export function activityShapeProblem(body: unknown): string | undefined {
  if (hasProtoKey(body)) return 'it has a "__proto__" key';
  const envelope = ActivityEnvelope.safeParse(body);
  if (envelope.success) return undefined;
  return envelope.error.issues.slice(0, 3).map((i) => issueText(i, [], 'body')).join('; ');
}
