import { ExpiringMap } from '../src/stores/memory/expiring-map.js';

describe('memory store expiry', () => {
  test('expired entries nobody reads again are swept as the map is written', () => {
    let now = 0;
    const map = new ExpiringMap<number>(() => now);
    for (let index = 0; index < 500; index += 1) map.set(`old-${index}`, index, 10);
    now = 100;
    for (let index = 0; index < 500; index += 1) map.set(`new-${index}`, index, 1000);
    expect(map.size).toBe(500);
    expect(map.get('new-1')).toBe(1);
    expect(map.get('old-1')).toBeUndefined();
  });
});
