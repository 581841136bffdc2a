import { NAV } from '../cards/cardParts.js';
import { invitationCard } from '../cards/invitationCard.js';
import { inviteCustomerCard } from '../cards/inviteCustomerCard.js';
import { messageCard } from '../cards/messageCard.js';
import { pendingListCard } from '../cards/pendingListCard.js';
import { authorizePartner } from '../domain/authorization.js';
import { describeAccess } from '../domain/operations/describeAccess.js';
import { listPendingInvitations } from '../domain/operations/listPendingInvitations.js';
import { describeRefusal } from '../domain/result.js';
import { findPartnerScreen } from './actions/findPartnerActions.js';
import { showHistory } from './actions/generalActions.js';
import { registerChannelScreen } from './actions/partnerActions.js';
import { answerHelpdeskQuestion } from './helpdesk/answerHelpdeskQuestion.js';
import { parseHelpdeskQuestion } from './helpdesk/helpdeskIntent.js';
import { bestPartnerMention } from './helpdesk/partnerNameMatcher.js';
import { card, type Reply, text } from './reply.js';
import { partnerCustomersScreen, partnerScreen, partnersScreen, refusalCard } from './screens.js';
import type { BotServices } from './services.js';
import type { TurnRequest } from './turnRequest.js';
import { welcomeScreen } from './welcomeScreen.js';

/** More invitation cards than this in one answer would bury the chat; the list card takes over. */
const MAX_INVITATION_CARDS = 5;

type Command = { pattern: RegExp; run: (services: BotServices, request: TurnRequest, match: RegExpExecArray) => Promise<Reply[]> };

const COMMANDS: readonly Command[] = [
  { pattern: /^(help|hi|hello|hey|start|menu|\?)$/, run: async (s, r) => [card(await welcomeScreen(s, r))] },
  { pattern: /^(pending|pending invitations|invitations|show pending invitations)$/, run: pendingInvitations },
  { pattern: /^(partners|relationships|my partners|list partners|partner relationships)$/, run: async (s, r) => [card(await partnersScreen(s, r))] },
  { pattern: /^(?:show|details|details for|partner)\s+(.+)$/, run: showPartnerByName },
  // Longest alternatives first: "find partners for security" must search for "security", not "partners for security".
  { pattern: /^(?:find an? partners?|find partners?|search partners?|find|search)(?:\s+(?:for\s+)?(.+))?$/, run: async (s, r, m) => [card(await findPartnerScreen(s, r, m[1] ? { keywords: m[1] } : {}))] },
  { pattern: /^(?:history|audit|audit trail)(?:\s+(?:for\s+)?(.+))?$/, run: history },
  { pattern: /^register(?: this)?(?: channel)?$/, run: async (s, r) => [card(await registerChannelScreen(s, r))] },
  { pattern: /^invite(?:\s+(\S+))?$/, run: invite },
  { pattern: /^(?:my customers|customers)$/, run: async (s, r) => [card(await partnerCustomersScreen(s, r))] },
];

/** Text of a message with the bot's @mention and any markup removed, in lower case with single spaces. */
export function normalizeMessage(raw: string): string {
  return raw
    .replace(/<at>.*?<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Longer than any question, even with Teams' mention and formatting markup around it. */
const MAX_RAW_MESSAGE = 5_000;
const TOO_LONG = 'That message is too long for Partner Desk. Ask a short question, or type **help**.';

/** Commands first; anything else is a helpdesk question; a question nobody understands gets help, not silence. */
export async function routeMessage(services: BotServices, request: TurnRequest, raw: string): Promise<Reply[]> {
  // Checked before any markup is stripped: on 200 KB of "<" the markup patterns take seconds of CPU (they rescan the
  // rest of the text from every "<"), and the whole server waits meanwhile.
  if (raw.length > MAX_RAW_MESSAGE) return [text(TOO_LONG)];
  const message = normalizeMessage(raw).replace(/[.!]+$/, '');
  if (message.length === 0) return [card(await welcomeScreen(services, request))];
  if (message.length > 500) return [text(TOO_LONG)];
  for (const command of COMMANDS) {
    const match = command.pattern.exec(message);
    if (match) return command.run(services, request, match);
  }
  const intent = parseHelpdeskQuestion(message, services.deps.directory.all());
  const answer = await answerHelpdeskQuestion(services, request, intent);
  if (answer.length > 0) return answer;
  return [
    text(`Sorry, I didn't understand “${raw.replace(/<[^>]+>/g, '').trim().slice(0, 80)}”. Here is what I can do:`),
    card(await welcomeScreen(services, request)),
  ];
}

async function pendingInvitations(services: BotServices, request: TurnRequest): Promise<Reply[]> {
  const pending = await listPendingInvitations(services.deps, request.actor);
  if (!pending.ok) return [card(refusalCard(pending.refusal, 'Pending invitations'))];
  if (pending.value.length === 0) return [card(pendingListCard([]))];
  if (pending.value.length > MAX_INVITATION_CARDS) return [card(pendingListCard(pending.value))];
  const access = await describeAccess(services.deps, request.actor);
  return pending.value.map((view) => card(invitationCard(view, { canAct: access.canWrite, settings: services.deps.settings })));
}

async function showPartnerByName(services: BotServices, request: TurnRequest, match: RegExpExecArray): Promise<Reply[]> {
  const name = match[1]!;
  const partner = services.deps.directory.byId(name) ?? bestPartnerMention(name, services.deps.directory.all());
  if (!partner) {
    return [card(messageCard({ title: 'Partner not found', text: `No partner matches “${name.slice(0, 80)}”. Type **partners** to see the ones you work with.`, nav: [NAV.partners, NAV.find] }))];
  }
  return [card(await partnerScreen(services, request, partner.id))];
}

async function history(services: BotServices, request: TurnRequest, match: RegExpExecArray): Promise<Reply[]> {
  const partner = match[1] ? bestPartnerMention(match[1], services.deps.directory.all()) : undefined;
  if (match[1] && !partner) return [text(`No partner matches “${match[1].slice(0, 80)}”; here is the whole history.`), card(await showHistory.handle(services, request, {}))];
  return [card(await showHistory.handle(services, request, partner ? { partnerId: partner.id } : {}))];
}

async function invite(services: BotServices, request: TurnRequest, match: RegExpExecArray): Promise<Reply[]> {
  const auth = authorizePartner(services.deps, request.actor);
  if (!auth.ok) return [text(describeRefusal(auth.refusal))];
  return [card(inviteCustomerCard(auth.value.partner, match[1] ? { customerTenantId: match[1] } : {}))];
}
