import { syncAgentAccounts } from '../src/index.js';
import { ChatvisorSimulator } from '../testbed/index.js';

let simulator: ChatvisorSimulator;

beforeEach(async () => {
  simulator = new ChatvisorSimulator({ seed: 11 });
  await simulator.start();
  simulator.backend.createUser({ email: 'old@example.com', firstname: 'Old', lastname: 'Timer', teamIds: [], active: true });
  simulator.backend.createUser({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Byron', teamIds: [], active: true });
});

afterEach(() => simulator.stop());

const connection = () => ({ apiUrl: simulator.apiUrl, apiToken: simulator.apiToken, retryDelayMs: 10 });
const accounts = [
  { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', teamIds: ['support'] },
  { email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' },
];
const userIds = () =>
  simulator.backend
    .listUsers()
    .map((user) => user.userId)
    .sort();

describe('syncAgentAccounts', () => {
  it('in a dry run answers the plan and changes nothing', async () => {
    const before = simulator.backend.listUsers();
    const result = await syncAgentAccounts(connection(), accounts, { dryRun: true, deleteMissing: true, keep: ['agent@example.com'] });
    expect(result.applied).toBe(false);
    expect(result.plan).toEqual({
      create: [expect.objectContaining({ email: 'grace@example.com', firstname: 'Grace' })],
      update: [{ userId: 'ada@example.com', changes: { lastname: 'Lovelace', teamIds: ['support'] } }],
      delete: ['old@example.com'],
    });
    expect(simulator.backend.listUsers()).toEqual(before);
  });

  it('creates, updates and (when told to) deletes accounts at Chatvisor', async () => {
    const result = await syncAgentAccounts(connection(), accounts, { deleteMissing: true, keep: ['agent@example.com'] });
    expect(result.applied).toBe(true);
    expect(userIds()).toEqual(['ada@example.com', 'agent@example.com', 'grace@example.com']);
    expect(simulator.backend.user('ada@example.com')).toMatchObject({ lastname: 'Lovelace', teamIds: ['support'] });
    // A second run finds nothing to do.
    expect((await syncAgentAccounts(connection(), accounts, { dryRun: true })).plan).toEqual({ create: [], update: [], delete: [] });
  });

  it('leaves accounts that are not in the list alone unless told otherwise', async () => {
    await syncAgentAccounts(connection(), accounts);
    expect(userIds()).toContain('old@example.com');
  });

  it('refuses a bad account naming the field, before any request', async () => {
    await expect(syncAgentAccounts(connection(), [{ email: 'not-an-address' }])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('accounts[0].email'),
    });
    await expect(syncAgentAccounts({ ...connection(), apiToken: 'wrong' }, accounts)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
