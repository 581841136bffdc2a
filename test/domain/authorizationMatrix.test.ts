import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rememberConversation } from '../../domain/conversations.js';
import type { Actor, DomainDeps } from '../../domain/deps.js';
import { READER_ROLES, WRITER_ROLES } from '../../domain/directoryRoles.js';
import { acceptAgreement } from '../../domain/operations/acceptAgreement.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { describeAccess } from '../../domain/operations/describeAccess.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { getInvitation } from '../../domain/operations/getInvitation.js';
import { getPartnerDetails } from '../../domain/operations/getPartnerDetails.js';
import { listPartnerCustomers } from '../../domain/operations/listPartnerCustomers.js';
import { listPendingInvitations } from '../../domain/operations/listPendingInvitations.js';
import { listRelationships } from '../../domain/operations/listRelationships.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { registerNotificationChannel } from '../../domain/operations/registerNotificationChannel.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { requestEndRelationship } from '../../domain/operations/requestEndRelationship.js';
import { searchPartners } from '../../domain/operations/searchPartners.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import { ok, type Result } from '../../domain/result.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type ActorName, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;
const ADATUM_TENANT = DEMO.partners.adatum.tenantId;
const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;
const ADATUM_CHANNEL = '19:adatum-general@thread.tacv2';
const ALL_DEMO_TENANTS = [NORTHWIND, TAILSPIN, ...Object.values(DEMO.partners).map((p) => p.tenantId)];

/**
 * Outcome of one cell.
 *   Y  allowed: the operation succeeds (and a write lands in the expected tenant)
 *   N  refused as notAllowed, nothing stored anywhere changes
 *   F  refused as notFound (the object is another tenant's), nothing stored anywhere changes
 *   O  answered from the actor's own tenant only: succeeds, nothing of Northwind is read or written
 */
type Outcome = 'Y' | 'N' | 'F' | 'O';
const Y: Outcome = 'Y', N: Outcome = 'N', F: Outcome = 'F', O: Outcome = 'O';

const COLUMNS: readonly ActorName[] = ['globalAdmin', 'billingAdmin', 'helpdeskAdmin', 'globalReader', 'plainUser', 'partnerStaff', 'otherTenantAdmin'];

type Kind = 'customer read' | 'customer write' | 'partner';

interface Row {
  kind: Kind;
  cells: readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
  /** Runs before the "before" picture of the store, as the admin or partner who sets the scene. */
  prepare?: (world: TestWorld) => Promise<void>;
  run: (deps: DomainDeps, actor: Actor) => Promise<Result<unknown>>;
  /** The tenant whose file an allowed (Y) write changes. */
  writes?: string;
}

const NEEDS = 'We need a partner to run our Microsoft 365 licensing.';

async function acceptAdatum(world: TestWorld): Promise<void> {
  assert.ok((await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true })).ok);
}

// Northwind's users (columns 1-5), Adatum's staff (6) and Tailspin's Global admin (7), against every operation.
const MATRIX: Record<string, Row> = {
  //                                                   global billing helpdesk reader plain  staff  other
  getInvitation:               { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     F], run: (d, a) => getInvitation(d, a, ADATUM) },
  getPartnerDetails:           { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     O], run: (d, a) => getPartnerDetails(d, a, 'adatum') },
  listPendingInvitations:      { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     O], run: (d, a) => listPendingInvitations(d, a) },
  listRelationships:           { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     O], run: (d, a) => listRelationships(d, a, { includeEnded: true }) },
  readAuditTrail:              { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     O], run: (d, a) => readAuditTrail(d, a, { limit: 200 }) },
  searchPartners:              { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     N,     N,     O], run: (d, a) => searchPartners(d, a, {}) },
  acceptInvitation:            { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, run: (d, a) => acceptInvitation(d, a, { invitationId: ADATUM, agreementAcknowledged: true }) },
  cancelInvitation:            { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, run: (d, a) => cancelInvitation(d, a, { invitationId: LITWARE }) },
  acceptAgreement:             { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, run: (d, a) => acceptAgreement(d, a, { partnerId: 'fabrikam', agreementAcknowledged: true }) },
  removeRoles:                 { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, prepare: acceptAdatum, run: (d, a) => removeRoles(d, a, { partnerId: 'adatum' }) },
  requestEndRelationship:      { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, run: (d, a) => requestEndRelationship(d, a, { partnerId: 'fabrikam' }) },
  setMpsaVisibility:           { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     F], writes: NORTHWIND, run: (d, a) => setMpsaVisibility(d, a, { partnerId: 'woodgrove', visible: true }) },
  contactPartners:             { kind: 'customer write', cells: [Y,     Y,      N,       N,     N,     N,     O], writes: NORTHWIND, run: (d, a) => contactPartners(d, a, { requestId: 'req-matrix-0001', partnerIds: ['fabrikam'], businessNeeds: NEEDS }) },
  createInvitation:            { kind: 'partner',        cells: [N,     N,      N,       N,     N,     Y,     N], writes: TAILSPIN, run: (d, a) => createInvitation(d, a, { customerTenantId: TAILSPIN, types: ['partner'] }) },
  withdrawInvitation:          { kind: 'partner',        cells: [N,     N,      N,       N,     N,     Y,     N], writes: NORTHWIND, run: (d, a) => withdrawInvitation(d, a, { customerTenantId: NORTHWIND, invitationId: ADATUM }) },
  endRelationship:             { kind: 'partner',        cells: [N,     N,      N,       N,     N,     Y,     N], writes: NORTHWIND, prepare: acceptAdatum, run: (d, a) => endRelationship(d, a, { customerTenantId: NORTHWIND }) },
  registerNotificationChannel: {
    kind: 'partner', cells: [N, N, N, N, N, Y, N], writes: ADATUM_TENANT,
    prepare: async (world) => {
      await rememberConversation(world.deps, ADATUM_TENANT, { conversationId: ADATUM_CHANNEL, kind: 'channel', title: 'General', reference: { conversation: { id: ADATUM_CHANNEL, tenantId: ADATUM_TENANT } } });
    },
    run: (d, a) => registerNotificationChannel(d, a, { conversationId: ADATUM_CHANNEL }),
  },
  listPartnerCustomers:        { kind: 'partner',        cells: [N,     N,      N,       N,     N,     Y,     N], run: (d, a) => listPartnerCustomers(d, a) },
  // Never refuses: it tells anyone what they may do. Its answers are checked against this matrix below.
  describeAccess:              { kind: 'customer read',  cells: [Y,     Y,      Y,       Y,     Y,     Y,     O], run: async (d, a) => ok(await describeAccess(d, a)) },
};

/** Every file under the store folder, by relative path. */
async function storeFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), await readFile(full));
  }
  return files;
}

function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0)) || !after.has(name)).sort();
}

describe('authorization matrix: every operation × every actor', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const tenantFile = (tenantId: string) => path.relative(world.dir, world.opened.layout.tenant(tenantId));
  /** The files once every change is in them (the journal folded in), so a change shows as the tenant file it lands in. */
  const settledFiles = async () => {
    await world.opened.tenants.flush();
    return storeFiles(world.dir);
  };

  it('covers every operation in domain/operations', async () => {
    const dir = fileURLToPath(new URL('../../domain/operations/', import.meta.url));
    const operations = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(Object.keys(MATRIX).sort(), operations);
  });

  for (const [operation, row] of Object.entries(MATRIX)) {
    describe(operation, () => {
      COLUMNS.forEach((actorName, column) => {
        const expected = row.cells[column]!;
        const label = { Y: 'allowed', N: 'refused: notAllowed', F: 'refused: notFound', O: 'answered from its own tenant only' }[expected];

        it(`${actorName}: ${label}`, async () => {
          const actor = ACTORS[actorName];
          await row.prepare?.(world);
          const before = await settledFiles();
          for (const tenantId of ALL_DEMO_TENANTS) assert.ok(before.has(tenantFile(tenantId)), `the store holds a file for ${tenantId}`);

          const result = await row.run(world.deps, actor);

          const changed = changedFiles(before, await settledFiles());
          const changedTenants = changed.filter((name) => name.startsWith(`tenants${path.sep}`));
          switch (expected) {
            case 'N':
            case 'F': {
              assert.ok(!result.ok, `expected a refusal, got ${JSON.stringify(result)}`);
              assert.equal(result.refusal.kind, expected === 'N' ? 'notAllowed' : 'notFound', JSON.stringify(result.refusal));
              if (expected === 'N' && row.kind !== 'partner' && result.refusal.kind === 'notAllowed') {
                assert.deepEqual(result.refusal.requiredRoles, row.kind === 'customer read' ? READER_ROLES : WRITER_ROLES);
              }
              assert.deepEqual(changed, [], 'a refused request changes no stored file');
              break;
            }
            case 'Y': {
              assert.ok(result.ok, JSON.stringify(result));
              assert.deepEqual(changedTenants, row.writes ? [tenantFile(row.writes)] : [], 'the change lands in that tenant only');
              break;
            }
            case 'O': {
              assert.ok(result.ok, JSON.stringify(result));
              const own = tenantFile(actor.tenantId);
              assert.ok(changedTenants.every((name) => name === own), `only the actor's own tenant may change, not ${changedTenants.join(', ')}`);
              assert.equal(changedTenants.length > 0, row.kind === 'customer write', 'reads write nothing');
              const answer = JSON.stringify(result.value);
              for (const secret of [NORTHWIND, ADATUM, LITWARE, 'Northwind', 'Jane Doe']) {
                assert.ok(!answer.includes(secret), `the answer shows ${secret}: ${answer.slice(0, 300)}`);
              }
              break;
            }
          }
        });
      });
    });
  }

  describe('describeAccess agrees with the matrix', () => {
    // What each actor is told they may do: the buttons shown must match what the operations allow.
    const EXPECTED: Record<ActorName, { canRead: boolean; canWrite: boolean; partnerProfiles: string[] }> = {
      globalAdmin: { canRead: true, canWrite: true, partnerProfiles: [] },
      billingAdmin: { canRead: true, canWrite: true, partnerProfiles: [] },
      helpdeskAdmin: { canRead: true, canWrite: false, partnerProfiles: [] },
      globalReader: { canRead: true, canWrite: false, partnerProfiles: [] },
      plainUser: { canRead: false, canWrite: false, partnerProfiles: [] },
      partnerStaff: { canRead: false, canWrite: false, partnerProfiles: ['adatum'] },
      otherTenantAdmin: { canRead: true, canWrite: true, partnerProfiles: [] },
    };

    it('for each of the seven actors', async () => {
      COLUMNS.forEach((name, column) => {
        const e = EXPECTED[name];
        const allowed = (operation: string) => MATRIX[operation]!.cells[column] !== 'N';
        assert.equal(e.canRead, allowed('listRelationships'), `${name} canRead vs matrix`);
        assert.equal(e.canWrite, allowed('acceptInvitation'), `${name} canWrite vs matrix`);
        assert.equal(e.partnerProfiles.length > 0, allowed('createInvitation'), `${name} partner profiles vs matrix`);
      });
      for (const name of COLUMNS) {
        const access = await describeAccess(world.deps, ACTORS[name]);
        assert.deepEqual({ canRead: access.canRead, canWrite: access.canWrite, partnerProfiles: access.partnerProfiles.map((p) => p.id) }, EXPECTED[name], name);
      }
    });
  });
});
