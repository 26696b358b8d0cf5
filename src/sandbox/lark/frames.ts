import protobuf from 'protobufjs';

// The long connection speaks proto2 `pbbp2.Frame`. Declared here from the field list (not copied
// from the SDK), so the SDK's own generated decoder checks our encoding.
const { root } = protobuf.parse(`
  syntax = "proto2";
  package pbbp2;
  message Header { required string key = 1; required string value = 2; }
  message Frame {
    required uint64 SeqID = 1;
    required uint64 LogID = 2;
    required int32 service = 3;
    required int32 method = 4;
    repeated Header headers = 5;
    optional string payloadEncoding = 6;
    optional string payloadType = 7;
    optional bytes payload = 8;
    optional string LogIDNew = 9;
  }
`);
const frame = root.lookupType('pbbp2.Frame');

export const FRAME_METHOD = { control: 0, data: 1 } as const;

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

export function encodeFrame(f: Frame): Uint8Array {
  return frame.encode(frame.fromObject(f)).finish();
}

export function decodeFrame(bytes: Uint8Array): Frame {
  const obj = frame.toObject(frame.decode(bytes), { longs: Number, defaults: true, arrays: true });
  return obj as Frame;
}

export function frameHeader(f: Frame, key: string): string | undefined {
  return f.headers.find((h) => h.key === key)?.value;
}
