/**
 * Anonymisation: keyed pseudonyms (HMAC-SHA-256), the secret key,
 * generalisation of quasi-identifiers, k-anonymity, and the cleaned/lookup
 * outputs.
 *
 * @module
 */
export {
  bandColumn,
  type BandColumnOptions,
  bandLabel,
  birthYearFromDate,
  type BirthYearOptions,
} from "./generalise.ts";
export { kAnonymity, type KAnonymityOptions, type KAnonymityReport } from "./k_anonymity.ts";
export {
  DEFAULT_KEY_FILE,
  importHmacKey,
  KEY_ENV,
  loadKey,
  type LoadKeyOptions,
  type SecretKey,
} from "./key.ts";
export {
  type AnonymisedOutputs,
  findIdentifierCells,
  type FindIdentifierOptions,
  type IdentifierCell,
  type WriteAnonymisedOptions,
  writeAnonymisedOutputs,
} from "./lookup.ts";
export {
  DEFAULT_DIGEST_LENGTH,
  hmacSha256Hex,
  normaliseIdentifier,
  pseudonymise,
  type Pseudonymised,
  type PseudonymiseOptions,
  pseudonymiseTable,
  type PseudonymiseTableOptions,
} from "./pseudonymise.ts";
