import { z } from 'zod4';
import { PartnerTypeSchema } from './partnerTypes.js';

/**
 * The shape of everything Partner Desk keeps. The zod schemas are the single definition: the domain's types are
 * inferred from them and the store validates every file it loads against them.
 */

/** Tenant and object ids are GUIDs in Entra; the store also uses them as file names, so nothing else is accepted. */
const TENANT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const TenantIdSchema = z.string().regex(TENANT_ID, 'a tenant id is a GUID');
export const ObjectIdSchema = z.string().min(1).max(128);
export const PartnerIdSchema = z.string().regex(PARTNER_ID, 'a partner id is lower-case letters, digits and dashes');
/**
 * The checks TenantIdSchema and PartnerIdSchema make, as plain tests: a turn checks the caller's tenant id three or
 * four times (authorization, access, conversation), and each zod parse cost more than the rest of those checks.
 */
export const isTenantId = (value: unknown): boolean => typeof value === 'string' && TENANT_ID.test(value);
export const isPartnerId = (value: unknown): boolean => typeof value === 'string' && PARTNER_ID.test(value);
export const IsoDateSchema = z.iso.datetime({ offset: true });

export const PersonSchema = z.object({
  objectId: ObjectIdSchema,
  tenantId: TenantIdSchema,
  displayName: z.string(),
  email: z.string().optional(),
});
/** Someone who did something, as recorded: who they were at the time. */
export type Person = z.infer<typeof PersonSchema>;

export const ORGANIZATION_SIZES = ['1-9', '10-49', '50-249', '250-999', '1000+'] as const;
export const OrganizationSizeSchema = z.enum(ORGANIZATION_SIZES);
export type OrganizationSize = z.infer<typeof OrganizationSizeSchema>;

export const PartnerSchema = z.object({
  id: PartnerIdSchema,
  name: z.string().min(1),
  tenantId: TenantIdSchema,
  location: z.object({ city: z.string(), region: z.string().optional(), country: z.string() }),
  organizationSizes: z.array(OrganizationSizeSchema),
  serviceKeywords: z.array(z.string()),
  typesOffered: z.array(PartnerTypeSchema),
  description: z.string().optional(),
  website: z.string().optional(),
});
/** A Microsoft partner as listed in the partner directory. */
export type Partner = z.infer<typeof PartnerSchema>;

export const INVITATION_STATUSES = ['pending', 'accepted', 'cancelled', 'withdrawn', 'expired'] as const;
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

export const InvitationSchema = z.object({
  id: z.string().min(1),
  partnerId: PartnerIdSchema,
  customerTenantId: TenantIdSchema,
  types: z.array(PartnerTypeSchema).min(1),
  roles: z.array(z.string()),
  requiresAgreement: z.boolean(),
  message: z.string().optional(),
  status: InvitationStatusSchema,
  createdAt: IsoDateSchema,
  createdBy: PersonSchema,
  expiresAt: IsoDateSchema,
  /** Set when the invitation left `pending`: who did it and when (absent for expiry). */
  resolvedAt: IsoDateSchema.optional(),
  resolvedBy: PersonSchema.optional(),
  version: z.number().int().positive(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const AgreementAcceptanceSchema = z.object({
  acceptedBy: z.object({ objectId: ObjectIdSchema, displayName: z.string(), email: z.string().optional() }),
  acceptedAt: IsoDateSchema,
  agreementVersion: z.string(),
});
/** Who accepted the Microsoft Customer Agreement for a relationship, when, and which text. */
export type AgreementAcceptance = z.infer<typeof AgreementAcceptanceSchema>;

export const RelationshipSchema = z.object({
  partnerId: PartnerIdSchema,
  customerTenantId: TenantIdSchema,
  types: z.array(PartnerTypeSchema),
  roles: z.array(z.string()),
  /** Whether the partner needs a signed Microsoft Customer Agreement to buy or manage subscriptions. */
  requiresAgreement: z.boolean(),
  agreement: AgreementAcceptanceSchema.optional(),
  mpsaPurchasesVisible: z.boolean(),
  status: z.enum(['active', 'ended']),
  since: IsoDateSchema,
  rolesGrantedAt: IsoDateSchema.optional(),
  rolesRemovedAt: IsoDateSchema.optional(),
  rolesRemovedBy: PersonSchema.optional(),
  endRequestedAt: IsoDateSchema.optional(),
  endRequestedBy: PersonSchema.optional(),
  endedAt: IsoDateSchema.optional(),
  endedBy: PersonSchema.optional(),
  version: z.number().int().positive(),
});
export type Relationship = z.infer<typeof RelationshipSchema>;

export const ContactRequestSchema = z.object({
  id: z.string().min(1),
  partnerIds: z.array(PartnerIdSchema).min(1),
  businessNeeds: z.string(),
  sentAt: IsoDateSchema,
  sentBy: PersonSchema,
});
export type ContactRequest = z.infer<typeof ContactRequestSchema>;

export const AuditEventSchema = z.object({
  id: z.string().min(1),
  at: IsoDateSchema,
  tenantId: TenantIdSchema,
  partnerId: PartnerIdSchema.optional(),
  action: z.string(),
  actor: z.object({ objectId: z.string(), tenantId: z.string(), displayName: z.string() }),
  subject: z.string().optional(),
  before: z.unknown(),
  after: z.unknown(),
});
/** One change, as the audit trail keeps it: who, when, which tenant and partner, what, before and after. */
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const NotificationAudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('partner'), partnerId: PartnerIdSchema }),
  z.object({ kind: z.literal('customerAdmins'), tenantId: TenantIdSchema }),
]);
export type NotificationAudience = z.infer<typeof NotificationAudienceSchema>;

export const NotificationSchema = z.object({
  id: z.string().min(1),
  createdAt: IsoDateSchema,
  audience: NotificationAudienceSchema,
  event: z.string(),
  customerTenantId: TenantIdSchema,
  partnerId: PartnerIdSchema,
  data: z.record(z.string(), z.unknown()),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: IsoDateSchema,
  /** Conversations already reached, so a retry after a partial failure sends to the others only. */
  deliveredTo: z.array(z.string()).optional(),
  lastError: z.string().optional(),
});
/** A message someone must receive because of a change; kept in the outbox until delivered. */
export type Notification = z.infer<typeof NotificationSchema>;

export const DirectoryUserSchema = z.object({
  displayName: z.string(),
  email: z.string().optional(),
  roles: z.array(z.string()),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

export const ConversationKindSchema = z.enum(['personal', 'groupChat', 'channel']);
export const ConversationRecordSchema = z.object({
  conversationId: z.string().min(1),
  kind: ConversationKindSchema,
  /** For personal chats: the user the bot talks to. */
  userObjectId: z.string().optional(),
  title: z.string().optional(),
  /** The channel's conversation reference, opaque to the domain. */
  reference: z.record(z.string(), z.unknown()),
  savedAt: IsoDateSchema,
});
export type ConversationRecord = z.infer<typeof ConversationRecordSchema>;

export const ChannelRegistrationSchema = z.object({
  conversationId: z.string().min(1),
  title: z.string().optional(),
  registeredAt: IsoDateSchema,
  registeredBy: PersonSchema,
});
export type ChannelRegistration = z.infer<typeof ChannelRegistrationSchema>;

export const TENANT_SCHEMA_VERSION = 1;

export const TenantStateSchema = z.object({
  schemaVersion: z.literal(TENANT_SCHEMA_VERSION),
  tenant: z.object({ id: TenantIdSchema, displayName: z.string(), domain: z.string().optional() }),
  /** The store-backed role source: who holds which directory role here (the Graph source ignores it). */
  users: z.record(z.string(), DirectoryUserSchema),
  invitations: z.array(InvitationSchema),
  relationships: z.array(RelationshipSchema),
  contactRequests: z.array(ContactRequestSchema),
  /** When this tenant is a partner: the channel each of its partner profiles is notified in. */
  partnerChannels: z.record(PartnerIdSchema, ChannelRegistrationSchema),
  conversations: z.record(z.string(), ConversationRecordSchema),
  audit: z.array(AuditEventSchema),
  outbox: z.array(NotificationSchema),
});
/** Everything kept for one tenant, customer or partner: the unit the store reads and writes atomically. */
export type TenantState = z.infer<typeof TenantStateSchema>;

export function emptyTenant(tenantId: string, displayName = tenantId): TenantState {
  return {
    schemaVersion: TENANT_SCHEMA_VERSION,
    tenant: { id: tenantId, displayName },
    users: {},
    invitations: [],
    relationships: [],
    contactRequests: [],
    partnerChannels: {},
    conversations: {},
    audit: [],
    outbox: [],
  };
}

export const DIRECTORY_SCHEMA_VERSION = 1;
export const PartnerDirectorySchema = z.object({
  schemaVersion: z.literal(DIRECTORY_SCHEMA_VERSION),
  partners: z.array(PartnerSchema),
});
export type PartnerDirectoryFile = z.infer<typeof PartnerDirectorySchema>;
