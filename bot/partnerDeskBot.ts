import { type AdaptiveCardInvokeResponse, CardFactory, type InvokeResponse, MessageFactory, TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/cardTemplates.js';
import { messageCard } from '../cards/messageCard.js';
import { forgetConversation, rememberConversation } from '../domain/conversations.js';
import { StoreFileInvalidError } from '../storage/storeErrors.js';
import { routeAction } from './actionRouter.js';
import { routeMessage } from './messageRouter.js';
import type { Reply } from './reply.js';
import type { BotServices } from './services.js';
import { conversationToRemember, identify, type TurnRequest } from './turnRequest.js';
import { welcomeScreen } from './welcomeScreen.js';

/** What a caller is told when their organization's stored data can't be read: nothing was done, and who can fix it. */
function storeProblemCard(error: unknown): AdaptiveCard {
  const damaged = error instanceof StoreFileInvalidError;
  return messageCard({
    title: damaged ? "Your organization's Partner Desk data can't be read" : 'Something went wrong on our side',
    text: damaged
      ? "Partner Desk's stored data for your organization failed its integrity check, so nothing was read or changed. Your Partner Desk operator has the details in the log and needs to repair or restore it."
      : 'Partner Desk could not finish this action, and nothing was changed that was not saved completely. Try again in a minute; if it keeps happening, tell your Partner Desk operator.',
    banner: { style: 'attention', text: 'Nothing was changed' },
  });
}

export function cardInvokeResponse(card: AdaptiveCard): InvokeResponse<AdaptiveCardInvokeResponse> {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

async function send(context: TurnContext, replies: readonly Reply[]): Promise<void> {
  for (const reply of replies) {
    await context.sendActivity('card' in reply ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card)) : MessageFactory.text(reply.text));
  }
}

/**
 * Partner Desk in Teams. It only translates: activities become domain calls through the routers, results come back
 * as cards. It also keeps the conversation references notifications need, and welcomes people on install.
 */
export class PartnerDeskBot extends TeamsActivityHandler {
  constructor(private readonly services: BotServices) {
    super();

    this.onMessage(async (context, next) => {
      const request = await this.#begin(context);
      if (request) {
        const replies = await routeMessage(this.services, request, context.activity.text ?? '');
        await send(context, replies);
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.#begin(context, { welcome: true });
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.#forget(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((member) => member.id === botId)) await this.#begin(context, { welcome: true });
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersRemoved?.some((member) => member.id === botId)) await this.#forget(context);
      await next();
    });
  }

  /**
   * Action.Execute goes to the action router; every other invoke keeps botbuilder's Teams handling. An invoke
   * nobody handles is answered 400 "not supported" rather than botbuilder's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      let request: TurnRequest | { card: AdaptiveCard };
      try {
        request = await this.#identifyOrExplain(context);
      } catch (error) {
        // Remembering the conversation reads the caller's tenant. A tenant file that fails validation (or a store
        // that can't be read) must still be answered with a card, not botbuilder's bare 501.
        this.services.log.error({ err: error, tenantId: context.activity.conversation?.tenantId }, 'action refused: the tenant could not be read');
        return cardInvokeResponse(storeProblemCard(error));
      }
      if ('card' in request) return cardInvokeResponse(request.card);
      return cardInvokeResponse(await routeAction(this.services, request, context.activity.value));
    }
    const response = await super.onInvokeActivity(context).catch(() => ({ status: 501 }));
    if (response.status === 501) return { status: 400, body: { code: 'NotSupported', message: `Partner Desk does not handle "${String(context.activity.name).slice(0, 80)}" invokes.` } };
    return response;
  }

  /** Who is asking; remembers the conversation; welcomes when asked to and the conversation is new to the bot. */
  async #begin(context: TurnContext, options: { welcome?: boolean } = {}): Promise<TurnRequest | undefined> {
    const identity = identify(context);
    if (!identity.ok) {
      if (context.activity.type === 'message') await context.sendActivity(identity.reason);
      return undefined;
    }
    const remembered = await this.#remember(context, identity.request);
    if (options.welcome && remembered === 'new') await send(context, [{ card: await welcomeScreen(this.services, identity.request) }]);
    return identity.request;
  }

  async #identifyOrExplain(context: TurnContext): Promise<TurnRequest | { card: AdaptiveCard }> {
    const identity = identify(context);
    if (!identity.ok) return { card: messageCard({ title: 'Request refused', text: identity.reason, banner: { style: 'attention', text: 'Nothing was changed' } }) };
    await this.#remember(context, identity.request);
    return identity.request;
  }

  /** Keeps the reference notifications need to reach this conversation later (a write only when it is new or moved). */
  #remember(context: TurnContext, request: TurnRequest) {
    return rememberConversation(this.services.deps, request.actor.tenantId, conversationToRemember(context, request));
  }

  async #forget(context: TurnContext): Promise<void> {
    const identity = identify(context);
    if (!identity.ok) return;
    await forgetConversation(this.services.deps, identity.request.actor.tenantId, identity.request.conversationId);
  }
}
