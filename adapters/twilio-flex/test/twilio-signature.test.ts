import { createHash } from 'node:crypto';
import { computeTwilioSignature, isValidTwilioBodySignature, isValidTwilioSignature } from '../src/index.js';

/** Twilio's documented test vector. */
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('X-Twilio-Signature', () => {
  it('computes and accepts the documented test vector', () => {
    expect(computeTwilioSignature(TOKEN, URL_, PARAMS)).toBe(SIGNATURE);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, URL_, PARAMS)).toBe(true);
  });

  it.each([
    ['another token', '54321', URL_, PARAMS],
    ['another path', TOKEN, 'https://mycompany.com/other.php?foo=1&bar=2', PARAMS],
    ['another query', TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', PARAMS],
    ['another host', TOKEN, 'https://evil.example/myapp.php?foo=1&bar=2', PARAMS],
    ['http instead of https', TOKEN, 'http://mycompany.com/myapp.php?foo=1&bar=2', PARAMS],
    ['a changed parameter', TOKEN, URL_, { ...PARAMS, Digits: '1235' }],
    ['an added parameter', TOKEN, URL_, { ...PARAMS, Extra: '' }],
    ['a removed parameter', TOKEN, URL_, { CallSid: PARAMS.CallSid, Caller: PARAMS.Caller, Digits: PARAMS.Digits, From: PARAMS.From }],
    ['a renamed parameter', TOKEN, URL_, { ...PARAMS, To: undefined, to: PARAMS.To }],
  ])('rejects the vector signed with %s', (_what, token, url, params) => {
    const defined = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
    expect(isValidTwilioSignature(token, SIGNATURE, url, defined)).toBe(false);
  });

  it('rejects a tampered or empty signature', () => {
    expect(isValidTwilioSignature(TOKEN, '1/KCTR6DLpKmkAf8muzZqo1nDgQ=', URL_, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, '', URL_, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE.slice(0, -1), URL_, PARAMS)).toBe(false);
  });

  it('accepts the URL with and without its default port, as twilio-node does, but no other port', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, withPort, PARAMS)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, computeTwilioSignature(TOKEN, withPort, PARAMS), URL_, PARAMS)).toBe(true);
    const httpUrl = 'http://mycompany.com/myapp.php?foo=1&bar=2';
    expect(isValidTwilioSignature(TOKEN, computeTwilioSignature(TOKEN, httpUrl, PARAMS), 'http://mycompany.com:80/myapp.php?foo=1&bar=2', PARAMS)).toBe(true);
    const otherPort = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
    expect(isValidTwilioSignature(TOKEN, computeTwilioSignature(TOKEN, otherPort, PARAMS), otherPort, PARAMS)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, computeTwilioSignature(TOKEN, otherPort, PARAMS), URL_, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, otherPort, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, 'https://mycompany.com:80/myapp.php?foo=1&bar=2', PARAMS)).toBe(false);
  });

  it('signs a repeated field value by value, sorted', () => {
    const signed = computeTwilioSignature(TOKEN, URL_, { Filters: ['onMessageAdded', 'onConversationStateUpdated'] });
    expect(isValidTwilioSignature(TOKEN, signed, URL_, { Filters: ['onConversationStateUpdated', 'onMessageAdded'] })).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signed, URL_, { Filters: ['onMessageAdded'] })).toBe(false);
  });

  describe('JSON bodies (bodySHA256)', () => {
    const body = new TextEncoder().encode('{"EventType":"onMessageAdded","Body":"hi"}');
    const hash = createHash('sha256').update(body).digest('hex');
    const url = `https://mycompany.com/myapp.php?bodySHA256=${hash}`;
    const signature = computeTwilioSignature(TOKEN, url);

    it('accepts a body whose hash is in the signed URL', () => {
      expect(isValidTwilioBodySignature(TOKEN, signature, url, body)).toBe(true);
    });

    it('rejects a changed body, a changed hash, another token, or a URL without the hash', () => {
      expect(isValidTwilioBodySignature(TOKEN, signature, url, new TextEncoder().encode('{"EventType":"onMessageAdded","Body":"ho"}'))).toBe(false);
      const otherHash = createHash('sha256').update('other').digest('hex');
      const otherUrl = `https://mycompany.com/myapp.php?bodySHA256=${otherHash}`;
      expect(isValidTwilioBodySignature(TOKEN, computeTwilioSignature(TOKEN, otherUrl), otherUrl, body)).toBe(false);
      expect(isValidTwilioBodySignature('54321', signature, url, body)).toBe(false);
      expect(isValidTwilioBodySignature(TOKEN, computeTwilioSignature(TOKEN, 'https://mycompany.com/myapp.php'), 'https://mycompany.com/myapp.php', body)).toBe(
        false,
      );
    });
  });
});
