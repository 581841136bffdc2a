import type { InvitationStatus, Person } from './model.js';

/**
 * Why an operation did not happen. Each refusal names what was missing, so every surface (card, text, log) can
 * tell the user exactly what to do next. Refusals are values, never thrown.
 */
export type Refusal =
  | { kind: 'notAllowed'; need: string; requiredRoles?: readonly string[]; actorRoles: readonly string[] }
  | { kind: 'roleLookupFailed'; reason: string }
  | { kind: 'notFound'; what: 'invitation' | 'relationship' | 'partner' | 'customer' | 'conversation'; id: string }
  | { kind: 'notPending'; invitationId: string; status: InvitationStatus; by?: Person | undefined; at?: string | undefined; version: number }
  | { kind: 'alreadyDone'; what: string; by?: Person | { displayName: string } | undefined; at?: string | undefined; version?: number }
  | { kind: 'stale'; what: 'invitation' | 'relationship'; expectedVersion: number; currentVersion: number }
  | { kind: 'agreementNotAcknowledged' }
  | { kind: 'invalidInput'; issues: readonly string[] }
  | { kind: 'conflict'; reason: string };

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse<T = never>(refusal: Refusal): Result<T> {
  return { ok: false, refusal };
}

const STATUS_VERBS: Record<InvitationStatus, string> = {
  pending: 'is still pending',
  accepted: 'was already accepted',
  cancelled: 'was already cancelled',
  withdrawn: 'was withdrawn by the partner',
  expired: 'expired',
};

function byAt(by: { displayName: string } | undefined, at: string | undefined): string {
  const who = by ? ` by ${by.displayName}` : '';
  const when = at ? ` at ${formatTimestamp(at)}` : '';
  return `${who}${when}`;
}

/** "2026-11-25 13:04 UTC": unambiguous for admins in any time zone. */
export function formatTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A sentence for the user, naming what was missing or what already happened. */
export function describeRefusal(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'notAllowed': {
      const roles = refusal.requiredRoles?.length ? ` You need one of: ${refusal.requiredRoles.join(', ')}.` : '';
      const had = refusal.actorRoles.length ? ` Your roles: ${refusal.actorRoles.join(', ')}.` : ' You hold none of them.';
      return `Not allowed: ${refusal.need}.${roles}${refusal.requiredRoles?.length ? had : ''}`;
    }
    case 'roleLookupFailed':
      return `Your directory roles could not be checked right now (${refusal.reason}), so nothing was changed. Try again in a minute.`;
    case 'notFound':
      return `No ${refusal.what} "${refusal.id}" was found for your organization.`;
    case 'notPending':
      return `This invitation ${STATUS_VERBS[refusal.status]}${byAt(refusal.by, refusal.at)}. Nothing was changed.`;
    case 'alreadyDone':
      return `Already done: ${refusal.what}${byAt(refusal.by, refusal.at)}. Nothing was changed.`;
    case 'stale':
      return `This card is out of date: the ${refusal.what} changed since it was shown (version ${refusal.expectedVersion} → ${refusal.currentVersion}). Nothing was changed; here is the current state.`;
    case 'agreementNotAcknowledged':
      return 'Please confirm that you have read the Microsoft Customer Agreement before accepting.';
    case 'invalidInput':
      return `That request is not valid: ${refusal.issues.join('; ')}.`;
    case 'conflict':
      return refusal.reason;
  }
}
