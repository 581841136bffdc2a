import { z } from 'zod4';
import { endRequestCard } from '../../cards/endRequestCard.js';
import { removeRolesCard } from '../../cards/removeRolesCard.js';
import { describeTypes } from '../../domain/partnerTypes.js';
import { acceptAgreement } from '../../domain/operations/acceptAgreement.js';
import { describeAccess } from '../../domain/operations/describeAccess.js';
import { getPartnerDetails } from '../../domain/operations/getPartnerDetails.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { requestEndRelationship } from '../../domain/operations/requestEndRelationship.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import type { Refusal } from '../../domain/result.js';
import { partnerNotice, partnerScreen, partnersScreen, refusalBanner, refusalCard } from '../screens.js';
import type { BotServices } from '../services.js';
import type { TurnRequest } from '../turnRequest.js';
import { action, cardData, expectedVersion } from './actionHandler.js';

const PartnerRef = z.object({ partnerId: cardData.id, version: cardData.version });

export const showPartners = action('showPartners', z.object({ page: cardData.page }).loose(), (services, request, data) => partnersScreen(services, request, undefined, data.page));

export const showPartner = action('showPartner', z.object({ partnerId: cardData.id }), (services, request, data) =>
  partnerScreen(services, request, data.partnerId));

/** A confirmation step only makes sense for someone allowed to confirm: others see the partner with the reason. */
async function confirmationFor(services: BotServices, request: TurnRequest, partnerId: string) {
  const access = await describeAccess(services.deps, request.actor);
  if (!access.canWrite) {
    const refusal: Refusal = access.roleLookupFailed
      ? { kind: 'roleLookupFailed', reason: access.roleLookupFailed }
      : { kind: 'notAllowed', need: "changing your organization's partner relationships takes a Global or Billing admin", requiredRoles: WRITER_ROLES, actorRoles: access.roles };
    return { card: await partnerScreen(services, request, partnerId, refusalBanner(refusal)) };
  }
  const details = await getPartnerDetails(services.deps, request.actor, partnerId);
  if (!details.ok) return { card: refusalCard(details.refusal, 'Partner') };
  const { relationship, partner } = details.value;
  if (!relationship || relationship.status !== 'active') {
    return { card: await partnerScreen(services, request, partnerId, { style: 'warning', text: `You have no active relationship with ${partner.name}.` }) };
  }
  return { view: { relationship, partner } };
}

export const confirmRemoveRoles = action('confirmRemoveRoles', PartnerRef, async (services, request, data) => {
  const found = await confirmationFor(services, request, data.partnerId);
  if (!found.view) return found.card;
  if (found.view.relationship.roles.length === 0) {
    return partnerScreen(services, request, data.partnerId, { style: 'warning', text: `${found.view.partner.name} holds no admin roles. Nothing to remove.` });
  }
  return removeRolesCard(found.view);
});

/** Yes on "Remove roles?": the card then shows the relationship still there, without roles. */
export const removeRolesAction = action('removeRoles', PartnerRef, async (services, request, data) => {
  const result = await removeRoles(services.deps, request.actor, { partnerId: data.partnerId, ...expectedVersion(data.version) });
  if (!result.ok) return partnerScreen(services, request, data.partnerId, refusalBanner(result.refusal));
  services.notifyChanged();
  const { relationship, partner } = result.value;
  const remains = relationship.types.length ? ` The relationship stays: still your ${describeTypes(relationship.types)}.` : ' The relationship stays.';
  return partnerScreen(services, request, data.partnerId, { style: 'good', text: `Admin roles removed from ${partner?.name ?? data.partnerId}.${remains} ${await partnerNotice(services, data.partnerId)}` });
});

export const acceptAgreementAction = action('acceptAgreement', PartnerRef.extend({ agreementAcknowledged: cardData.toggle.optional() }), async (services, request, data) => {
  const result = await acceptAgreement(services.deps, request.actor, { partnerId: data.partnerId, ...expectedVersion(data.version), agreementAcknowledged: data.agreementAcknowledged ?? false });
  if (!result.ok) return partnerScreen(services, request, data.partnerId, refusalBanner(result.refusal));
  services.notifyChanged();
  return partnersScreen(services, request, { style: 'good', text: `Microsoft Customer Agreement accepted for ${result.value.partner?.name ?? data.partnerId}. They can now buy and manage subscriptions for you.` });
});

export const confirmEndRelationship = action('confirmEndRelationship', PartnerRef, async (services, request, data) => {
  const found = await confirmationFor(services, request, data.partnerId);
  return found.view ? endRequestCard(found.view) : found.card;
});

export const requestEndAction = action('requestEnd', PartnerRef.extend({ message: cardData.optionalText(2000) }), async (services, request, data) => {
  const result = await requestEndRelationship(services.deps, request.actor, { partnerId: data.partnerId, ...expectedVersion(data.version), ...(data.message ? { message: data.message } : {}) });
  if (!result.ok) return partnerScreen(services, request, data.partnerId, refusalBanner(result.refusal));
  services.notifyChanged();
  return partnerScreen(services, request, data.partnerId, { style: 'good', text: `Request sent to ${result.value.partner?.name ?? data.partnerId}. You'll be told when they end the relationship.` });
});

export const setMpsaVisibilityAction = action('setMpsaVisibility', PartnerRef.extend({ mpsaPurchasesVisible: cardData.toggle }), async (services, request, data) => {
  const result = await setMpsaVisibility(services.deps, request.actor, { partnerId: data.partnerId, visible: data.mpsaPurchasesVisible, ...expectedVersion(data.version) });
  if (!result.ok) return partnerScreen(services, request, data.partnerId, refusalBanner(result.refusal));
  return partnerScreen(services, request, data.partnerId, { style: 'good', text: data.mpsaPurchasesVisible ? 'Saved: this MPSA partner can now see purchases made by your other MPSA partners.' : 'Saved: this MPSA partner can no longer see purchases made by your other MPSA partners.' });
});
