import { z } from 'zod4';

/** The seven ways a partner can work with a customer, as the admin center names them. */
export const PARTNER_TYPES = [
  'reseller',
  'delegatedAdministrator',
  'resellerAndDelegatedAdministrator',
  'partner',
  'advisor',
  'mpsaPartner',
  'lobPartner',
] as const;

export const PartnerTypeSchema = z.enum(PARTNER_TYPES);
export type PartnerType = z.infer<typeof PartnerTypeSchema>;

export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  reseller: 'Reseller',
  delegatedAdministrator: 'Delegated administrator',
  resellerAndDelegatedAdministrator: 'Reseller & delegated administrator',
  partner: 'Partner',
  advisor: 'Advisor',
  mpsaPartner: 'MPSA partner',
  lobPartner: 'Line-of-business (LOB) partner',
};

export const PARTNER_TYPE_DESCRIPTIONS: Record<PartnerType, string> = {
  reseller: 'Sells Microsoft products to your organization.',
  delegatedAdministrator: 'Manages products and services for your organization with delegated admin roles.',
  resellerAndDelegatedAdministrator: 'Sells and manages Microsoft products and services for your organization.',
  partner: 'Works with Microsoft services on your behalf through a user account you give them.',
  advisor: 'Resets passwords and handles support incidents for you.',
  mpsaPartner: 'Buys through the MPSA program; may see purchases of your other MPSA partners if you allow it.',
  lobPartner: 'Develops, submits and manages line-of-business apps for your organization.',
};

/** Types that sell to the customer, so billing through them needs the Microsoft Customer Agreement. */
const SELLING_TYPES: ReadonlySet<PartnerType> = new Set(['reseller', 'resellerAndDelegatedAdministrator']);

/** Types that exist only because the partner holds delegated admin roles. */
const DELEGATED_TYPES: ReadonlySet<PartnerType> = new Set(['delegatedAdministrator', 'resellerAndDelegatedAdministrator']);

export function sellsToCustomer(types: readonly PartnerType[]): boolean {
  return types.some((t) => SELLING_TYPES.has(t));
}

export function isDelegatedAdminType(type: PartnerType): boolean {
  return DELEGATED_TYPES.has(type);
}

/**
 * What a relationship is once its delegated admin roles are gone: the delegated part is dropped,
 * "Reseller & delegated administrator" stays a Reseller, every other type is untouched.
 */
export function typesWithoutDelegatedAdmin(types: readonly PartnerType[]): PartnerType[] {
  const kept = new Set<PartnerType>();
  for (const type of types) {
    if (type === 'resellerAndDelegatedAdministrator') kept.add('reseller');
    else if (type !== 'delegatedAdministrator') kept.add(type);
  }
  return PARTNER_TYPES.filter((t) => kept.has(t));
}

/** Union of two type lists, in the canonical order, without duplicates. */
export function mergeTypes(a: readonly PartnerType[], b: readonly PartnerType[]): PartnerType[] {
  const all = new Set<PartnerType>([...a, ...b]);
  return PARTNER_TYPES.filter((t) => all.has(t));
}

export function describeTypes(types: readonly PartnerType[]): string {
  return types.length === 0 ? 'No partner type' : types.map((t) => PARTNER_TYPE_LABELS[t]).join(', ');
}
