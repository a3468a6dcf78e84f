#!/usr/bin/env node
/**
 * Verifies Open Badges 3.0 credentials of the Distinguished Contributor Program with Digital
 * Bazaar's Verifiable Credentials stack (@digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite,
 * the verifier behind the VC Playground and the Learner Credential Wallet), independently of the
 * program's own Python verifier:
 *
 *   - the Data Integrity proof, with the issuer's key read from its Profile, which must authorize
 *     the key for assertionMethod (JSON-LD safe mode: an undefined term fails);
 *   - validFrom / validUntil against the current time;
 *   - the BitstringStatusList revocation bit, the status list credential verified the same way;
 *   - the Open Badges 3.0 AchievementCredential JSON schema (ajv).
 *
 * Usage:
 *   node verify.mjs --origin https://issuer.example.org [--json] INPUT...
 *
 * INPUT is a credential URL (under --origin), or a file: the credential's .json, or its baked
 * badge (.svg with an <openbadges:credential> element, .png with an iTXt chunk keyed
 * "openbadgecredential"). JSON-LD contexts are served offline (the npm packages' copies, and for
 * Open Badges 3.0.3 and Controlled Identifiers v1, which no npm package carries, the project's
 * copies in --contexts); nothing outside --origin is ever fetched.
 *
 * Exit status: 0 when every input is valid, 1 when one is not, 2 for a usage error.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {inflateSync} from 'node:zlib';
import {parseArgs} from 'node:util';

import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(HERE, '..', '..');
const OB_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const CID_V1 = 'https://www.w3.org/ns/cid/v1';
const MAX_BYTES = 2 * 1024 * 1024;

function usage(message) {
  process.stderr.write(
    `${message}\n\nUsage: node verify.mjs --origin https://issuer.example.org [--json] ` +
    '[--contexts DIR] [--schema FILE] INPUT...\n');
  process.exit(2);
}

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** The contexts served offline, by URL. */
async function offlineContexts(contextsDir) {
  const contexts = new Map([
    ...credentialsContexts,
    ...multikeyContext.contexts,
    ...dataIntegrityContext.contexts,
    ...securityContext.contexts
  ]);
  contexts.set(OB_V3, await readJson(path.join(contextsDir, 'context-3.0.3.json')));
  contexts.set(CID_V1, await readJson(path.join(contextsDir, 'cid-v1.json')));
  return contexts;
}

/** Fetches a URL under the trusted origin; anything else is refused. */
async function fetchTrusted(url, origin, accept) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL.`);
  }
  if(parsed.origin !== origin) {
    throw new Error(`Refusing to fetch ${url}: only ${origin} is trusted.`);
  }
  const response = await fetch(url, {headers: {Accept: accept}, redirect: 'error'});
  if(!response.ok) {
    throw new Error(`${url} answered ${response.status}.`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if(body.length > MAX_BYTES) {
    throw new Error(`${url} is larger than ${MAX_BYTES} bytes.`);
  }
  return {body, type: response.headers.get('content-type') || ''};
}

/** A JSON-LD document loader: contexts offline, the issuer's documents from its origin. */
function documentLoaderFor({contexts, origin}) {
  const fetched = new Map();
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
    }
    const [base, fragment] = url.split('#');
    if(!fetched.has(base)) {
      const {body} = await fetchTrusted(base, origin, 'application/ld+json, application/json');
      fetched.set(base, JSON.parse(body.toString('utf8')));
    }
    const document = structuredClone(fetched.get(base));
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    // A verification method: a node of its controller document (the issuer Profile).
    const methods = [].concat(document.verificationMethod || []);
    const method = methods.find(entry => entry && entry.id === url);
    if(!method) {
      throw new Error(`${base} lists no verification method ${url}.`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': document['@context'], ...method}
    };
  };
}

/** The credential JSON text baked into a PNG: the iTXt chunk keyed "openbadgecredential". */
function fromPng(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if(!bytes.subarray(0, 8).equals(signature)) {
    throw new Error('Not a PNG file.');
  }
  const found = [];
  let offset = 8;
  while(offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if(type === 'iTXt') {
      const keywordEnd = data.indexOf(0);
      if(data.toString('latin1', 0, keywordEnd) !== 'openbadgecredential') {
        continue;
      }
      const compressed = data[keywordEnd + 1] === 1;
      const languageEnd = data.indexOf(0, keywordEnd + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      const text = data.subarray(translatedEnd + 1);
      found.push((compressed ? inflateSync(text) : text).toString('utf8'));
    }
    if(type === 'IEND') {
      break;
    }
  }
  if(found.length !== 1) {
    throw new Error(`The PNG carries ${found.length} baked credentials; a badge carries one.`);
  }
  return found[0];
}

/** The credential JSON text baked into an SVG: its <openbadges:credential> element. */
function fromSvg(text) {
  const elements = [...text.matchAll(
    /<([A-Za-z_][\w.-]*:)?credential(?:\s[^>]*)?>([\s\S]*?)<\/\1?credential>/g)];
  if(elements.length !== 1) {
    throw new Error(`The SVG carries ${elements.length} baked credentials; a badge carries one.`);
  }
  return elements[0][2].replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
}

function parseCredential(bytes, kind) {
  if(kind === 'png' || bytes.subarray(0, 4).toString('latin1') === '\x89PNG') {
    return JSON.parse(fromPng(bytes));
  }
  const text = bytes.toString('utf8').trim();
  if(text.startsWith('<') && !/<svg[\s>]/.test(text)) {
    throw new Error('Not a credential: neither JSON nor an SVG badge (an HTML page?).');
  }
  return JSON.parse(text.startsWith('<') ? fromSvg(text) : text);
}

async function readInput(input, origin) {
  if(/^https?:\/\//.test(input)) {
    const {body, type} = await fetchTrusted(
      input, origin, 'application/ld+json, application/json, image/png, image/svg+xml');
    return parseCredential(body, type.startsWith('image/png') ? 'png' : '');
  }
  const bytes = await readFile(input);
  if(bytes.length > MAX_BYTES) {
    throw new Error(`${input} is larger than ${MAX_BYTES} bytes.`);
  }
  return parseCredential(bytes, input.toLowerCase().endsWith('.png') ? 'png' : '');
}

function messages(error) {
  if(!error) {
    return [];
  }
  const inner = [].concat(error.errors || []).flatMap(messages);
  let own = error.message ? [error.message] : [];
  // JSON-LD errors say what they found in `details` (safe mode: the term that did not expand).
  const details = error.details && (error.details.event || error.details);
  if(own.length && details && typeof details === 'object') {
    try {
      own = [`${error.message} ${JSON.stringify(details).slice(0, 500)}`];
    } catch {
      // a circular structure: the message alone
    }
  }
  const cause = error.cause ? messages(error.cause) : [];
  return [...new Set([...own, ...inner, ...cause])];
}

async function verifyOne({input, origin, documentLoader, validateSchema}) {
  const report = {
    input, id: null, valid: false, verified: false, revoked: null,
    schemaValid: false, errors: [], schemaErrors: []
  };
  let credential;
  try {
    credential = await readInput(input, origin);
  } catch(error) {
    report.errors.push(error.message);
    return report;
  }
  report.id = typeof credential.id === 'string' ? credential.id : null;
  report.schemaValid = validateSchema(credential);
  report.schemaErrors = (validateSchema.errors || []).map(
    error => `${error.instancePath || '/'} ${error.message}`);

  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  let statusResult = null;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: async options => {
      statusResult = await checkStatus({...options, verifyBitstringStatusListCredential: true});
      return statusResult;
    }
  });
  report.verified = result.verified === true;
  report.errors.push(...messages(result.error));
  for(const item of result.results || []) {
    report.errors.push(...messages(item.error));
  }
  if(statusResult) {
    if(statusResult.verified) {
      report.revoked = statusResult.results.some(item => item.status === true);
      if(report.revoked) {
        report.errors.push('The issuer has revoked this credential (its status bit is set).');
      }
    } else {
      report.verified = false;
      report.errors.push(...messages(statusResult.error));
    }
  }
  report.errors = [...new Set(report.errors)];
  report.valid = report.verified && report.revoked !== true && report.schemaValid;
  return report;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        origin: {type: 'string'},
        json: {type: 'boolean', default: false},
        contexts: {
          type: 'string',
          default: path.join(PROJECT, 'distinguished', 'credentials', 'contexts')
        },
        schema: {
          type: 'string',
          default: path.join(
            PROJECT, 'distinguished', 'credentials', 'schemas',
            'achievementcredential.schema.json')
        }
      }
    });
  } catch(error) {
    usage(error.message);
  }
  const {values, positionals} = parsed;
  if(!values.origin) {
    usage('--origin is required: the issuer\'s site, the only one this script fetches from.');
  }
  let origin;
  try {
    origin = new URL(values.origin).origin;
  } catch {
    usage(`--origin ${values.origin} is not a URL.`);
  }
  if(positionals.length === 0) {
    usage('Give at least one credential: a URL, a .json file, or a baked .svg or .png badge.');
  }
  const contexts = await offlineContexts(values.contexts);
  const documentLoader = documentLoaderFor({contexts, origin});
  const ajv = new Ajv2019({strict: false, allErrors: true});
  addFormats(ajv);
  const validateSchema = ajv.compile(await readJson(values.schema));

  const reports = [];
  for(const input of positionals) {
    reports.push(await verifyOne({input, origin, documentLoader, validateSchema}));
  }
  if(values.json) {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    for(const report of reports) {
      const verdict = report.valid ? 'VALID' : (report.revoked ? 'REVOKED' : 'NOT VALID');
      process.stdout.write(`${verdict}  ${report.input}\n`);
      for(const error of [...report.errors, ...report.schemaErrors]) {
        process.stdout.write(`    ${error}\n`);
      }
    }
  }
  process.exit(reports.every(report => report.valid) ? 0 : 1);
}

await main();
