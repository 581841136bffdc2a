import { DEMO } from '../storage/demoIdentities.js';

/**
 * Microsoft 365 Agents Playground's mock Teams world (its `.m365agentsplayground.yml`, schema 0.1.1), made from the
 * demo identities so that the person it sends as is a demo user, with that user's Entra object id and tenant id.
 *
 * What the playground (0.2.28) allows, and so how this is shaped:
 * - one tenant per run (`tenantId`), and every activity is sent as `currentUser`: it can't switch user while it runs.
 *   So each persona gets a config of its own, and switching user is restarting the playground with another one.
 * - `users` must list exactly 5 people, with ids different from `currentUser`'s. For Northwind these are the other four
 *   demo users plus one filler (Sam Guest); a partner's staff member, the only one the demo has, gets five fillers.
 * - every key is required, and the user principal name key is spelled `userPrincipleName`.
 * - one team, with its General channel and at most one more channel.
 */

export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

/** The config file's shape, key for key (schema 0.1.1). */
export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

interface Person { objectId: string; name: string; email: string }

interface Tenant {
  key: string;
  id: string;
  name: string;
  groupChatName: string;
  teamName: string;
  channelName: string;
  aadGroupId: string;
}

export interface Persona {
  /** What `npm run playground -- --as KEY` takes. */
  key: string;
  person: Person;
  /** The demo part this persona plays, as the docs and the start-up line say it. */
  plays: string;
  tenant: Tenant;
  /** The five other people of the tenant the playground's schema asks for. */
  others: Person[];
}

export const PLAYGROUND_BOT = { id: '28:partner-desk-playground', name: 'Partner Desk' } as const;

const northwindUsers = DEMO.northwind.users;
const NORTHWIND: Tenant = {
  key: 'northwind',
  id: DEMO.northwind.tenantId,
  name: DEMO.northwind.name,
  groupChatName: 'Northwind admins',
  teamName: 'Northwind IT',
  channelName: 'Partners',
  aadGroupId: 'aaaaaaaa-0000-0000-0000-0000000000a1',
};

/** Not in the demo directory: the bot sees a Northwind user with no role at all. Nobody sends as Sam. */
export const SAM_GUEST: Person = { objectId: 'aaaaaaaa-0000-0000-0000-000000000099', name: 'Sam Guest', email: `sam@${DEMO.northwind.domain}` };

const northwindPeople: readonly (readonly [string, Person & { roles: readonly string[] }])[] = [
  ['jane', northwindUsers.globalAdmin],
  ['bill', northwindUsers.billingAdmin],
  ['hana', northwindUsers.helpdeskAdmin],
  ['reza', northwindUsers.globalReader],
  ['pat', northwindUsers.plainUser],
];

const customerPersonas: Persona[] = northwindPeople.map(([key, person]) => ({
  key,
  person,
  plays: `${person.roles.join(', ') || 'no admin role'} at ${DEMO.northwind.name} (customer)`,
  tenant: NORTHWIND,
  others: [...northwindPeople.filter(([k]) => k !== key).map(([, p]) => p), SAM_GUEST],
}));

/** A partner's staff member, in the partner's own tenant; the demo knows one person per partner, so the rest are fillers. */
const partnerPersonas: Persona[] = Object.values(DEMO.partners).map((partner) => {
  const first = partner.staff.name.split(' ')[0]!.toLowerCase();
  const domain = `${partner.id}.example`;
  const objectIdStem = partner.staff.objectId.slice(0, -2);
  return {
    key: partner.id,
    person: { objectId: partner.staff.objectId, name: partner.staff.name, email: `${first}@${domain}` },
    plays: `staff of ${partner.name} (partner)`,
    tenant: {
      key: partner.id,
      id: partner.tenantId,
      name: partner.name,
      groupChatName: `${partner.name} staff`,
      teamName: partner.name,
      channelName: 'Customers',
      aadGroupId: `${partner.tenantId.slice(0, -2)}a1`,
    },
    others: [1, 2, 3, 4, 5].map((n) => ({ objectId: `${objectIdStem}f${n}`, name: `Colleague ${n}`, email: `colleague${n}@${domain}` })),
  };
});

/** Northwind's five demo users first (Jane, the Global Administrator, is the default), then one person per partner. */
export const PERSONAS: readonly Persona[] = [...customerPersonas, ...partnerPersonas];
export const DEFAULT_PERSONA = 'jane';

export function findPersona(key: string): Persona | undefined {
  return PERSONAS.find((p) => p.key === key.toLowerCase());
}

function mockUser(person: Person): PlaygroundUser {
  const [givenName = person.name, ...rest] = person.name.split(' ');
  // Ids as Teams shapes them: `29:` a user's channel account id. Unique per person, so switching keeps people apart.
  return {
    id: `29:playground-${person.email.replace(/[^a-z0-9]+/gi, '-')}`,
    name: person.name,
    userPrincipleName: person.email,
    aadObjectId: person.objectId,
    givenName,
    surname: rest.join(' ') || givenName,
    email: person.email,
  };
}

export function playgroundConfig(persona: Persona): PlaygroundConfig {
  const t = persona.tenant;
  return {
    version: '0.1.1',
    tenantId: t.id,
    bot: { ...PLAYGROUND_BOT },
    currentUser: mockUser(persona.person),
    users: persona.others.map(mockUser),
    // Each person has a 1:1 chat of their own with the bot, as in Teams, so switching user never mixes two people's chats.
    personalChat: { id: `a:playground-personal-${persona.key}` },
    groupChat: { id: `19:playground-${t.key}-groupchat@thread.v2`, name: t.groupChatName },
    team: {
      id: `19:playground-${t.key}-general@thread.tacv2`,
      name: t.teamName,
      aadGroupId: t.aadGroupId,
      channels: [{ id: `19:playground-${t.key}-${t.channelName.toLowerCase()}@thread.tacv2`, name: t.channelName }],
    },
  };
}

const q = (value: string) => JSON.stringify(value); // a YAML double-quoted scalar: these strings are plain ASCII/UTF-8

function userLines(user: PlaygroundUser, first: string, indent: string): string[] {
  return Object.entries(user).map(([key, value], i) => `${i === 0 ? first : indent}${key}: ${q(value)}`);
}

/** The config as the playground's YAML file, commented for whoever opens it. */
export function playgroundConfigYaml(persona: Persona): string {
  const c = playgroundConfig(persona);
  return [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    '# Microsoft 365 Agents Playground mock data for Partner Desk. See docs/playground.md.',
    '# Generated by scripts/playgroundConfig.ts from storage/demoIdentities.ts; test/playground/playgroundConfig.test.ts',
    '# checks that this file matches it. `npm run playground` uses this file (Jane Doe);',
    '# `npm run playground -- --as hana` (bill, hana, reza, pat, or a partner: adatum, contoso, ...) uses a generated copy.',
    '# Every key is required, `users` must list exactly 5 people, and the schema spells it userPrincipleName.',
    `version: ${q(c.version)}`,
    `# ${persona.tenant.name}`,
    `tenantId: ${q(c.tenantId)}`,
    'bot:',
    `  id: ${q(c.bot.id)}`,
    `  name: ${q(c.bot.name)}`,
    `# Every message and card click is sent as this person (activity.from.aadObjectId): ${persona.person.name}, ${persona.plays}.`,
    'currentUser:',
    ...userLines(c.currentUser, '  ', '  '),
    '# The other people in the tenant: members of the group chat and the team.',
    'users:',
    ...c.users.flatMap((u) => userLines(u, '  - ', '    ')),
    'personalChat:',
    `  id: ${q(c.personalChat.id)}`,
    'groupChat:',
    `  id: ${q(c.groupChat.id)}`,
    `  name: ${q(c.groupChat.name)}`,
    'team:',
    `  id: ${q(c.team.id)}`,
    `  name: ${q(c.team.name)}`,
    `  aadGroupId: ${q(c.team.aadGroupId)}`,
    '  channels:',
    ...c.team.channels.flatMap((ch) => [`    - id: ${q(ch.id)}`, `      name: ${q(ch.name)}`]),
    '',
  ].join('\n');
}
