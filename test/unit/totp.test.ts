import assert from 'node:assert/strict';
import { base32Decode, base32Encode, newTotpSecret, totpCode, totpStep, totpUri, verifyTotp } from '../../server/accounts/totp.js';

// RFC 6238 appendix B: the SHA1 secret is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('one-time passwords (TOTP)', () => {
  it('matches the RFC 6238 test vectors', () => {
    assert.equal(totpCode(RFC_SECRET, totpStep(new Date(59_000)), 8), '94287082');
    assert.equal(totpCode(RFC_SECRET, totpStep(new Date(1_111_111_109_000)), 8), '07081804');
    assert.equal(totpCode(RFC_SECRET, totpStep(new Date(1_234_567_890_000)), 8), '89005924');
    assert.equal(totpCode(RFC_SECRET, totpStep(new Date(20_000_000_000_000)), 8), '65353130');
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    assert.equal(base32Decode(RFC_SECRET).toString(), '12345678901234567890');
    assert.equal(RFC_SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(base32Decode(newTotpSecret()).length, 20);
  });

  it('accepts the code now and one step either side, and refuses a code already used', () => {
    const at = new Date('2026-11-22T10:00:15Z');
    const step = totpStep(at);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, null), step);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, null), step - 1);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 2), at, null), undefined);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, step), undefined, 'replayed');
    assert.equal(verifyTotp(RFC_SECRET, '12345', at, null), undefined);
    assert.equal(verifyTotp(RFC_SECRET, 'abcdef', at, null), undefined);
    const spaced = totpCode(RFC_SECRET, step).replace(/(\d{3})/, '$1 ');
    assert.equal(verifyTotp(RFC_SECRET, spaced, at, null), step);
  });

  it('builds the address authenticator apps read', () => {
    assert.equal(
      totpUri('ABC', 'lead@example.org', 'Innovation Site Tracker'),
      'otpauth://totp/Innovation%20Site%20Tracker%3Alead%40example.org?secret=ABC&issuer=Innovation%20Site%20Tracker&algorithm=SHA1&digits=6&period=30',
    );
  });
});
