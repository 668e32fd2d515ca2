// Only zod/mini in this file, as in a page: zod's classic API would switch its English messages on for everyone.
import * as z from 'zod/mini';
import { ErrorCode, formatZodIssues, isServiceDeskError, parseOrThrow, safeParseWithMessages } from '../src/index.js';

const optionsSchema = z.object({
  deploymentId: z.string(),
  region: z.string().check(z.regex(/^[a-z0-9.-]+$/, 'must be a region domain such as mypurecloud.com')),
  retries: z.optional(z.int().check(z.nonnegative())),
});

function failureOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('zod issues in words', () => {
  it('parseOrThrow names every bad field, in zod English, where zod/mini alone would say only "Invalid input"', () => {
    const error = failureOf(() => parseOrThrow(optionsSchema, { region: 'Not A Domain', retries: -1 }, ErrorCode.INVALID_OPTIONS, 'Invalid options'));
    expect(isServiceDeskError(error, ErrorCode.INVALID_OPTIONS)).toBe(true);
    expect((error as Error).message).toBe(
      'Invalid options: deploymentId: Invalid input: expected string, received undefined; ' +
        'region: must be a region domain such as mypurecloud.com; retries: Too small: expected number to be >=0',
    );
  });

  it("asks for the English messages per parse and leaves zod's global locale to the page", () => {
    const mine = safeParseWithMessages(optionsSchema, {});
    expect(mine.success).toBe(false);
    expect(formatZodIssues(mine.error!)).toContain('deploymentId: Invalid input: expected string, received undefined');

    const pages = z.safeParse(optionsSchema, {});
    expect(pages.error?.issues[0]?.message).toBe('Invalid input');
  });

  it('formats paths into arrays and nested objects the way a reader writes them', () => {
    const schema = z.object({ intake: z.array(z.object({ label: z.string() })) });
    const result = safeParseWithMessages(schema, { intake: [{ label: 'Name' }, {}] });
    expect(formatZodIssues(result.error!)).toBe('intake[1].label: Invalid input: expected string, received undefined');
  });
});
