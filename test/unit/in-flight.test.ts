import assert from 'node:assert/strict';
import { InFlight } from '../../server/http/in-flight.js';

describe('requests in flight', () => {
  it('is idle at once with nothing running, and when the last handler finishes otherwise', async () => {
    const inFlight = new InFlight();
    await inFlight.idle();
    inFlight.enter();
    inFlight.enter();
    let idle = false;
    const waiting = inFlight.idle().then(() => (idle = true));
    inFlight.leave();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(idle, false);
    inFlight.leave();
    await waiting;
    assert.equal(idle, true);
  });
});
