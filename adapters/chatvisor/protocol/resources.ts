import { z } from 'zod';

/** A conversation's status as Chatvisor reports it. */
export const conversationStatusSchema = z.enum(['UNREAD', 'UNRESOLVED', 'DONE']);
export type ConversationStatus = z.output<typeof conversationStatusSchema>;

/** The documented tag body: re-identifies a customer and extends them with labels. `id` is your system's id. */
export const tagCustomerBodySchema = z.object({
  email: z.string().email().optional(),
  firstname: z.string().optional(),
  id: z.union([z.number().int(), z.string().min(1)]),
  labels: z.array(z.string()).default([]),
  lastname: z.string().optional(),
});
export type TagCustomerBody = z.input<typeof tagCustomerBodySchema>;

export const customerSchema = z.looseObject({
  customerId: z.string().min(1),
  externalId: z.union([z.number(), z.string()]).nullable(),
  email: z.string().nullable(),
  firstname: z.string().nullable(),
  lastname: z.string().nullable(),
  labels: z.array(z.string()),
  assignedUserId: z.string().nullable(),
  assignedTeamId: z.string().nullable(),
});
export type Customer = z.output<typeof customerSchema>;

export const customerPageSchema = z.looseObject({ content: z.array(customerSchema), totalElements: z.number().int().nonnegative() });

/** Routes a customer to a user or to a team: exactly one of the two. */
export const assignCustomerBodySchema = z.union([z.strictObject({ userId: z.string().min(1) }), z.strictObject({ teamId: z.string().min(1) })]);
export type AssignCustomerBody = z.output<typeof assignCustomerBodySchema>;

/** An agent account. Its id is its e-mail address, as in Chatvisor's reports (`"userId":"agent1@example.com"`). */
export const userSchema = z.looseObject({
  userId: z.string().min(1),
  email: z.string().min(1),
  firstname: z.string(),
  lastname: z.string(),
  teamIds: z.array(z.string()),
  active: z.boolean(),
});
export type User = z.output<typeof userSchema>;

export const createUserBodySchema = z.object({
  email: z.string().email(),
  firstname: z.string().default(''),
  lastname: z.string().default(''),
  teamIds: z.array(z.string()).default([]),
  active: z.boolean().default(true),
});
export type CreateUserBody = z.input<typeof createUserBodySchema>;
/** Only the fields given change (no defaults here: an update never resets a field it does not name). */
export const updateUserBodySchema = z.object({
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  teamIds: z.array(z.string()).optional(),
  active: z.boolean().optional(),
});
export type UpdateUserBody = z.input<typeof updateUserBodySchema>;

export const userStatusSchema = z.looseObject({ userId: z.string(), online: z.boolean(), available: z.boolean() });
export const userStatusListSchema = z.looseObject({ users: z.array(userStatusSchema) });

export const onlineTimesRequestSchema = z.object({ grouping: z.enum(['TODAY', 'YESTERDAY', 'LAST_7_DAYS', 'LAST_30_DAYS']) });
export const onlineTimesSchema = z.array(
  z.looseObject({ userId: z.string(), timeRanges: z.array(z.object({ start: z.string(), end: z.string() })), sumMinutes: z.number() }),
);

/** The REST side of chat visibility. */
export const visibilitySettingSchema = z.object({ enabled: z.boolean() });

/** Where an action rule applies: when the page opens, or when the visitor clicks the chat widget. */
export const ruleLevelSchema = z.enum(['PAGE', 'CHAT']);
export const ruleConditionSchema = z.enum(['AGENT_ONLINE', 'AGENT_AVAILABLE', 'OPENING_HOURS', 'SECONDS_ON_PAGE', 'SECOND_VISIT']);
export type RuleCondition = z.output<typeof ruleConditionSchema>;

/** Opening hours, in UTC: the weekdays (1 Monday .. 7 Sunday) and a daily window `HH:MM`-`HH:MM`. */
export const openingHoursSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  from: z.string().regex(/^\d{2}:\d{2}$/),
  to: z.string().regex(/^\d{2}:\d{2}$/),
});

/** One action rule: a condition, possibly negated. Every rule of the level must hold for the chat to show. */
export const actionRuleSchema = z.object({
  level: ruleLevelSchema.default('PAGE'),
  condition: ruleConditionSchema,
  negate: z.boolean().default(false),
  /** For SECONDS_ON_PAGE. */
  seconds: z.number().int().nonnegative().optional(),
  /** For OPENING_HOURS. */
  openingHours: openingHoursSchema.optional(),
});
export type ActionRule = z.input<typeof actionRuleSchema>;

/** The answer of the visibility check. `unknown` names the rules that needed a visitor fact that was not given. */
export const visibilitySchema = z.looseObject({
  visible: z.boolean(),
  enabled: z.boolean(),
  rules: z.array(z.looseObject({ condition: ruleConditionSchema, negate: z.boolean(), satisfied: z.boolean().nullable() })),
});
export type Visibility = z.output<typeof visibilitySchema>;

export const agentRefSchema = z.looseObject({ userId: z.string().min(1), firstname: z.string(), lastname: z.string() });
export type AgentRef = z.output<typeof agentRefSchema>;

export const conversationSchema = z.looseObject({
  customerId: z.string().min(1),
  subject: z.string(),
  status: conversationStatusSchema,
  agent: agentRefSchema.nullable(),
  cobrowse: z.boolean(),
  url: z.string(),
  lastSeq: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type Conversation = z.output<typeof conversationSchema>;
export const conversationListSchema = z.looseObject({ conversations: z.array(conversationSchema) });

export const openConversationBodySchema = z.object({ customerId: z.string().min(1), subject: z.string().max(500).default('') });

/** One entry of a conversation's timeline, numbered by `seq` (1, 2, ... per conversation, gap-free). */
export const historyEntrySchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('MESSAGE'),
    seq: z.number().int().positive(),
    id: z.string().min(1),
    sender: z.enum(['CUSTOMER', 'AGENT']),
    agent: agentRefSchema.nullable(),
    text: z.string(),
    externalId: z.string().nullable(),
    createdAt: z.string(),
  }),
  z.looseObject({
    type: z.literal('STATUS_CHANGE'),
    seq: z.number().int().positive(),
    status: conversationStatusSchema,
    /** The agent in the chat after the change, or null when none is. */
    agent: agentRefSchema.nullable(),
    createdAt: z.string(),
  }),
]);
export type HistoryEntry = z.output<typeof historyEntrySchema>;
export const historyPageSchema = z.looseObject({ entries: z.array(historyEntrySchema), hasMore: z.boolean() });

/** The longest message text (an assumption: Chatvisor publishes no limit). */
export const CHATVISOR_MAX_MESSAGE_LENGTH = 4000;
export const postMessageBodySchema = z.object({ text: z.string().max(CHATVISOR_MAX_MESSAGE_LENGTH), externalId: z.string().min(1).max(200).optional() });
export const setStatusBodySchema = z.object({ status: conversationStatusSchema });
export const publicUrlBodySchema = z.object({ userId: z.string().min(1).optional() });
export const publicUrlSchema = z.looseObject({ url: z.string().url() });
export const cobrowseBodySchema = z.object({ enabled: z.boolean() });

/** Chatvisor's error body. */
export const errorBodySchema = z.looseObject({ error: z.string(), message: z.string() });
