import { ErrorCode, parseOrThrow } from '@byosd/core';
import { z } from 'zod';
import { createUserBodySchema, type UpdateUserBody, type User } from '../protocol/index.js';
import { ChatvisorApi } from './chatvisor-api.js';

/** An agent account as the third-party system that manages agents has it. The e-mail address is the user id. */
export const agentAccountSchema = createUserBodySchema;
export type AgentAccount = z.input<typeof agentAccountSchema>;

export const agentSyncConnectionSchema = z.object({
  apiUrl: z
    .string()
    .url()
    .transform((value) => value.replace(/\/+$/, ''))
    .default('https://api.chatvisor.com'),
  apiToken: z.string().min(1),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  retryDelayMs: z.number().int().nonnegative().default(200),
});
export type AgentSyncConnection = z.input<typeof agentSyncConnectionSchema>;

export interface AgentSyncSettings {
  /** Only work out the plan; change nothing at Chatvisor. Default false. */
  dryRun?: boolean;
  /** Delete Chatvisor accounts that are not in the list. Default false (they are left alone). */
  deleteMissing?: boolean;
  /** User ids never deleted, e.g. the administrators. */
  keep?: readonly string[];
}

export interface AgentSyncPlan {
  create: Array<z.output<typeof agentAccountSchema>>;
  update: Array<{ userId: string; changes: UpdateUserBody }>;
  delete: string[];
}

export interface AgentSyncResult {
  plan: AgentSyncPlan;
  /** False for a dry run. */
  applied: boolean;
}

/**
 * Synchronises agent accounts from a third-party system into Chatvisor over REST (create, update, and with
 * `deleteMissing` delete), as the seed's "agent sync" step describes. With `dryRun` it only answers what it would
 * do. Accounts are matched by e-mail address; an account whose name, teams or active flag differ is updated.
 *
 * ```ts
 * const { plan } = await syncAgentAccounts({ apiToken }, [{ email: 'ada@example.com', firstname: 'Ada' }], { dryRun: true });
 * ```
 *
 * @throws ServiceDeskError INVALID_INPUT naming the bad field (`accounts.2.email`), or the request's error.
 */
export async function syncAgentAccounts(
  connection: AgentSyncConnection,
  accounts: readonly AgentAccount[],
  settings: AgentSyncSettings = {},
): Promise<AgentSyncResult> {
  const wanted = parseOrThrow(z.object({ accounts: z.array(agentAccountSchema) }), { accounts }, ErrorCode.INVALID_INPUT, 'Invalid agent accounts').accounts;
  const api = new ChatvisorApi(parseOrThrow(agentSyncConnectionSchema, connection, ErrorCode.INVALID_OPTIONS, 'Invalid Chatvisor connection'));
  const existing = await api.withRetry(() => api.listUsers());
  const plan = planAgentSync(existing, wanted, settings);
  if (settings.dryRun) return { plan, applied: false };
  for (const account of plan.create) await api.withRetry(() => api.createUser(account));
  for (const { userId, changes } of plan.update) await api.withRetry(() => api.updateUser(userId, changes));
  for (const userId of plan.delete) await api.withRetry(() => api.deleteUser(userId));
  return { plan, applied: true };
}

/** What turns the accounts at Chatvisor into the wanted ones. */
export function planAgentSync(
  existing: readonly User[],
  wanted: ReadonlyArray<z.output<typeof agentAccountSchema>>,
  settings: AgentSyncSettings = {},
): AgentSyncPlan {
  const byId = new Map(existing.map((user) => [user.userId.toLowerCase(), user]));
  const wantedIds = new Set(wanted.map((account) => account.email.toLowerCase()));
  const plan: AgentSyncPlan = { create: [], update: [], delete: [] };
  for (const account of wanted) {
    const user = byId.get(account.email.toLowerCase());
    if (!user) {
      plan.create.push(account);
      continue;
    }
    const changes: UpdateUserBody = {};
    if (user.firstname !== account.firstname) changes.firstname = account.firstname;
    if (user.lastname !== account.lastname) changes.lastname = account.lastname;
    if (user.active !== account.active) changes.active = account.active;
    if ([...user.teamIds].sort().join('\n') !== [...account.teamIds].sort().join('\n')) changes.teamIds = account.teamIds;
    if (Object.keys(changes).length > 0) plan.update.push({ userId: user.userId, changes });
  }
  if (settings.deleteMissing) {
    const keep = new Set((settings.keep ?? []).map((id) => id.toLowerCase()));
    plan.delete = existing.map((user) => user.userId).filter((id) => !wantedIds.has(id.toLowerCase()) && !keep.has(id.toLowerCase()));
  }
  return plan;
}
