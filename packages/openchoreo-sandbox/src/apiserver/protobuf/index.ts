import { Reader } from 'protobufjs/minimal';
import { errors } from '../errors';
import type { JsonObject } from '../types';
import { ConfigMap, Namespace, Secret, ServiceAccount } from './core';
import { Pod } from './pod';
import {
  SelfSubjectAccessReview,
  SelfSubjectReview,
  SelfSubjectRulesReview,
} from './reviews';
import {
  decodeMessage,
  describeWireFailure,
  MessageSpec,
  SkippedFieldListener,
  WireError,
} from './wire';

/**
 * Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl's typed clients send for built-in types
 * (`kubectl create secret|configmap|namespace|serviceaccount`, `kubectl debug --copy-to`, `kubectl auth can-i|whoami`).
 * The envelope is `k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go@v0.32.4` (`Serializer.Decode`):
 * the magic `k8s\0`, then a `runtime.Unknown` (`pkg/runtime/generated.proto@v0.32.4`) holding the type and the
 * encoded object. The result is the JSON object a JSON request would have carried.
 */

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** `protoEncodingPrefix` in protobuf.go. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The message of each decodable `apiVersion` + `kind`. */
const DECODABLE: Record<string, MessageSpec> = {
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Pod': Pod,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': SelfSubjectAccessReview,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': SelfSubjectRulesReview,
  'authentication.k8s.io/v1/SelfSubjectReview': SelfSubjectReview,
};

/** The kinds {@link decodeProtobufBody} understands, as `apiVersion/kind`. */
export const DECODABLE_KINDS = Object.keys(DECODABLE);

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

/** `runtime.Unknown`: typeMeta = 1 (`{apiVersion = 1, kind = 2}`), raw = 2, contentEncoding = 3, contentType = 4. */
function readEnvelope(bytes: Uint8Array): Envelope {
  const reader = Reader.create(bytes);
  const envelope: Envelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
  };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const fieldNumber = tag >>> 3;
    if (fieldNumber === 1 && (tag & 7) === 2) {
      const end = reader.uint32() + reader.pos;
      if (end > reader.len)
        throw new WireError('the envelope type is truncated');
      while (reader.pos < end) {
        const inner = reader.uint32();
        if (inner >>> 3 === 1 && (inner & 7) === 2)
          envelope.apiVersion = reader.string();
        else if (inner >>> 3 === 2 && (inner & 7) === 2)
          envelope.kind = reader.string();
        else reader.skipType(inner & 7);
      }
      if (reader.pos !== end)
        throw new WireError('the envelope type runs past its end');
    } else if (fieldNumber === 2 && (tag & 7) === 2) {
      const length = reader.uint32();
      if (reader.pos + length > reader.len)
        throw new WireError(
          `the encoded object says it is ${length} bytes long but only ${
            reader.len - reader.pos
          } remain: the body is truncated`,
        );
      envelope.raw = reader.buf.subarray(reader.pos, reader.pos + length);
      reader.pos += length;
    } else {
      // contentEncoding and contentType: Go's decoder does not look at them either (it unmarshals `raw` as is).
      reader.skipType(tag & 7);
    }
  }
  return envelope;
}

/**
 * Decodes a protobuf request body into the object's JSON form. Answers (throws) a 400 Status for bytes that are not
 * a well-formed envelope or message, and a 415 Status for a kind the sandbox has no message table for.
 * `onSkipped` hears of every field number a table does not know (skipped, as Go's decoder skips them).
 */
export function decodeProtobufBody(
  body: Buffer,
  onSkipped?: SkippedFieldListener,
): JsonObject {
  if (
    body.length < MAGIC.length ||
    !body.subarray(0, MAGIC.length).equals(MAGIC)
  )
    throw errors.badRequest(
      `the request body is not a Kubernetes protobuf message: it does not start with the prefix "k8s\\x00" (${[
        ...MAGIC,
      ].join(' ')}) that ${PROTOBUF_CONTENT_TYPE} requires`,
    );
  let envelope: Envelope;
  try {
    envelope = readEnvelope(body.subarray(MAGIC.length));
  } catch (e) {
    throw errors.badRequest(
      `the protobuf request body could not be decoded: its runtime.Unknown envelope is malformed (${describeWireFailure(
        e,
      )})`,
    );
  }
  const { apiVersion, kind } = envelope;
  if (!apiVersion || !kind)
    throw errors.badRequest(
      `the protobuf request body could not be decoded: its envelope names no ${
        kind ? 'apiVersion' : 'kind'
      }`,
    );
  const spec = DECODABLE[`${apiVersion}/${kind}`];
  if (!spec)
    throw errors.unsupportedMediaType(
      `the sandbox cannot decode a protobuf body of kind "${kind}" (apiVersion "${apiVersion}"); it decodes ${DECODABLE_KINDS.join(
        ', ',
      )}. Send this object as JSON or YAML instead (application/json, application/yaml), e.g. kubectl create … --dry-run=client -o yaml | kubectl apply -f -`,
    );
  try {
    return {
      apiVersion,
      kind,
      ...decodeMessage(envelope.raw, spec, kind, onSkipped),
    };
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    throw errors.badRequest(
      `the protobuf request body could not be decoded as ${apiVersion} ${kind}: ${e.message}`,
    );
  }
}
