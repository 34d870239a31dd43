// Ed25519 keys for the audit checkpoints. The private key lives in the environment
// (DOCKET_AUDIT_SIGNING_KEY), never in the database: someone who can rewrite the database still
// cannot sign a checkpoint for their rewrite. An auditor needs only the public key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, createHash, type KeyObject } from 'node:crypto';

/** accepts PEM, or base64 of the DER (PKCS#8 private / SPKI public), so it fits on one .env line */
function parseKey(text: string, kind: 'private' | 'public'): KeyObject {
  const trimmed = text.trim().replaceAll('\\n', '\n');
  let key: KeyObject;
  try {
    const pem = trimmed.startsWith('-----');
    const der = Buffer.from(trimmed, 'base64');
    if (kind === 'private') key = pem ? createPrivateKey(trimmed) : createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    else key = pem ? createPublicKey(trimmed) : createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch (err) {
    throw new Error(`the audit ${kind} key is not a valid Ed25519 key (PEM, or base64 DER): ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the audit ${kind} key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

/** a short id of a public key (the first 16 hex of sha256 of its DER), to tell keys apart */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export interface CheckpointSigner {
  keyId: string;
  sign(hash: string): string;
}

export function signerFrom(privateKeyText: string): CheckpointSigner {
  const key = parseKey(privateKeyText, 'private');
  const keyId = keyIdOf(createPublicKey(key));
  return { keyId, sign: (hash) => sign(null, Buffer.from(hash, 'hex'), key).toString('base64') };
}

export interface CheckpointVerifier {
  keyId: string;
  verify(hash: string, signature: string): boolean;
}

/** from the public key, or from the private key (whoever holds it can derive the public one) */
export function verifierFrom(keyText: string): CheckpointVerifier {
  let key: KeyObject;
  try {
    key = parseKey(keyText, 'public');
  } catch {
    key = createPublicKey(parseKey(keyText, 'private'));
  }
  return {
    keyId: keyIdOf(key),
    verify: (hash, signature) => {
      try {
        return verify(null, Buffer.from(hash, 'hex'), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/** a new key pair as one-line base64 DER: the private one for the server, the public one for auditors */
export function generateAuditKeys(): { privateKey: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    keyId: keyIdOf(publicKey),
  };
}
