import type { DomainDeps } from './deps.js';
import { effectiveStatus } from './invitationLifecycle.js';
import type { Invitation, InvitationStatus, Partner, Relationship } from './model.js';

/** An invitation as shown to people: with its partner and its status as of now. */
export interface InvitationView {
  invitation: Invitation;
  status: InvitationStatus;
  partner: Partner | undefined;
}

export interface RelationshipView {
  relationship: Relationship;
  partner: Partner | undefined;
}

export function invitationView(deps: DomainDeps, invitation: Invitation): InvitationView {
  return {
    invitation,
    status: effectiveStatus(invitation, deps.clock.now()),
    partner: deps.directory.byId(invitation.partnerId),
  };
}

export function relationshipView(deps: DomainDeps, relationship: Relationship): RelationshipView {
  return { relationship, partner: deps.directory.byId(relationship.partnerId) };
}

/** Partner name for messages, falling back to the id when the directory no longer lists the partner. */
export function partnerName(deps: DomainDeps, partnerId: string): string {
  return deps.directory.byId(partnerId)?.name ?? partnerId;
}
