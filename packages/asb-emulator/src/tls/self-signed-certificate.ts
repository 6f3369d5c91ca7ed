import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  bitString,
  booleanTrue,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  sequence,
  set,
  unsignedInteger,
  utcTime,
  utf8String,
} from './der.js';

export interface Certificate {
  /** The certificate, PEM: give it to clients as their only trusted CA (`ca`, `NODE_EXTRA_CA_CERTS`). */
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate for the emulator's HTTPS endpoint, valid for localhost, 127.0.0.1 and ::1. Built here
 * (Node can sign but not issue certificates) so the emulator needs neither openssl nor a certificate in git. It is
 * its own CA: a client trusts exactly this certificate and nothing it could sign.
 */
export function createSelfSignedCertificate(now = new Date()): Certificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const name = sequence(
    set(sequence(objectIdentifier(COMMON_NAME), utf8String('Service Bus emulator (tests)'))),
  );
  const altNames = sequence(
    implicitPrimitive(2, Buffer.from('localhost', 'ascii')),
    implicitPrimitive(7, Buffer.from([127, 0, 0, 1])),
    implicitPrimitive(7, Buffer.from([...Array(15).fill(0), 1])),
  );
  const extensions = sequence(
    sequence(objectIdentifier(SUBJECT_ALT_NAME), octetString(altNames)),
    sequence(objectIdentifier(BASIC_CONSTRAINTS), booleanTrue(), octetString(sequence(booleanTrue()))),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(randomBytes(16)),
    algorithm,
    name,
    sequence(utcTime(new Date(now.getTime() - DAY_MS)), utcTime(new Date(now.getTime() + 3650 * DAY_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const certificate = sequence(tbs, algorithm, bitString(sign('sha256', tbs, privateKey)));
  return {
    certificatePem: pem('CERTIFICATE', certificate),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
