import assert from 'node:assert/strict';
import { partnersCard } from '../../cards/partnersCard.js';
import type { RelationshipView } from '../../domain/views.js';

const view = (partnerId: string, name: string): RelationshipView => ({
  relationship: { id: `r-${partnerId}`, partnerId, customerTenantId: '00000000-0000-4000-8000-000000000001', status: 'active', types: ['reseller'], roles: ['Helpdesk Administrator'], since: '2026-01-01T00:00:00.000Z', version: 1, requiresAgreement: false, mpsaPurchasesVisible: false } as unknown as RelationshipView['relationship'],
  partner: { id: partnerId, name } as RelationshipView['partner'],
});

describe('partnersCard', () => {
  it('answers the same frozen list of views with the same card, one for admins who may change things and one for readers', () => {
    const views = Object.freeze([view('contoso', 'Contoso'), view('fabrikam', 'Fabrikam')]);
    const forAdmin = partnersCard(views, { canWrite: true });
    assert.equal(partnersCard(views, { canWrite: true }), forAdmin);
    const forReader = partnersCard(views, { canWrite: false });
    assert.notEqual(forReader, forAdmin);
    assert.equal(partnersCard(views, { canWrite: false }), forReader);
    assert.match(JSON.stringify(forAdmin), /Find a partner/);
    assert.doesNotMatch(JSON.stringify(forReader), /Find a partner/);
  });

  it('fills anew a list that could still change, and a card with a banner', () => {
    const views = [view('contoso', 'Contoso')];
    const first = partnersCard(views, { canWrite: true });
    views.push(view('woodgrove', 'Woodgrove'));
    assert.match(JSON.stringify(partnersCard(views, { canWrite: true })), /Woodgrove/);
    assert.doesNotMatch(JSON.stringify(first), /Woodgrove/);
    const frozen = Object.freeze([...views]);
    const banner = { style: 'good' as const, text: 'Contoso is now authorized.' };
    assert.match(JSON.stringify(partnersCard(frozen, { canWrite: true, banner })), /now authorized/);
    assert.doesNotMatch(JSON.stringify(partnersCard(frozen, { canWrite: true })), /now authorized/);
  });
});
