#!/usr/bin/env python3
"""Protobuf conformance peer for SocialBridge's tests, backed by Google's protobuf runtime.

Compiles the repository's .proto files (Sources/SocialProtocol/proto, plus the test-only
Tests/Support/proto_extras.proto) with grpcio-tools' protoc into a temporary directory, then answers
one JSON command per stdin line with one JSON line on stdout, in order:

  {"op": "decode", "type": "<full.message.Name>", "hex": "0a00"}
      -> {"ok": true, "json": {...}, "canonical": "<sorted json>", "oneofs": {"path.oneof": "case"}}
  {"op": "encode", "type": "<full.message.Name>", "json": {...}}
      -> {"ok": true, "hex": "...", "json": {...}, "canonical": "...", "oneofs": {...}}
  {"op": "service", "name": "<full.service.Name>"}
      -> {"ok": true, "methods": [{"name", "input", "output", "server_streaming"}, ...]}

JSON is MessageToDict(preserving_proto_field_name=True): int64 as strings, enums by name, fields with
implicit presence omitted at their defaults, fields with explicit presence shown when set.
Errors are reported per command as {"ok": false, "error": "..."}; the process keeps going.
"""
import importlib
import json
import os
import pathlib
import sys
import tempfile

from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_tools import protoc

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
PROTO_ROOT = REPO / "Sources" / "SocialProtocol" / "proto"


def compile_protos(out_dir):
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    sources = sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))
    extras = sorted(p.name for p in HERE.glob("proto_*.proto"))
    args = ["protoc", f"-I{PROTO_ROOT}", f"-I{HERE}", f"-I{include}", f"--python_out={out_dir}"]
    status = protoc.main(args + sources + extras)
    if status != 0:
        raise SystemExit(f"protoc failed with status {status}")
    sys.path.insert(0, out_dir)
    for name in sources + extras:
        importlib.import_module(name[: -len(".proto")].replace("/", ".") + "_pb2")


def message_class(full_name):
    descriptor = descriptor_pool.Default().FindMessageTypeByName(full_name)
    return message_factory.GetMessageClass(descriptor)


def is_repeated(field):
    # protobuf >= 6 exposes is_repeated; older runtimes only the label.
    if hasattr(field, "is_repeated"):
        return bool(field.is_repeated)
    return field.label == field.LABEL_REPEATED


def oneofs_of(message, path=""):
    """Every set oneof in the message tree, keyed by dotted path of field names."""
    found = {}
    for oneof in message.DESCRIPTOR.oneofs:
        # Synthetic oneofs back proto3 `optional`; they are presence, not a choice.
        if getattr(oneof, "is_synthetic", False) or oneof.name.startswith("_"):
            continue
        which = message.WhichOneof(oneof.name)
        if which is not None:
            found[path + oneof.name] = which
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        repeated = is_repeated(field)
        items = value if repeated else [value]
        for index, item in enumerate(items):
            suffix = f"[{index}]" if repeated else ""
            found.update(oneofs_of(item, f"{path}{field.name}{suffix}."))
    return found


def describe(message):
    as_dict = json_format.MessageToDict(message, preserving_proto_field_name=True)
    return {
        "json": as_dict,
        "canonical": json.dumps(as_dict, sort_keys=True),
        "oneofs": oneofs_of(message),
    }


def handle(command):
    op = command.get("op")
    if op == "decode":
        message = message_class(command["type"])()
        message.ParseFromString(bytes.fromhex(command["hex"]))
        return describe(message)
    if op == "encode":
        message = json_format.ParseDict(command["json"], message_class(command["type"])())
        return {"hex": message.SerializeToString().hex(), **describe(message)}
    if op == "service":
        service = descriptor_pool.Default().FindServiceByName(command["name"])
        return {"methods": [
            {"name": m.name, "input": m.input_type.full_name, "output": m.output_type.full_name,
             "server_streaming": bool(getattr(m, "server_streaming", False))}
            for m in service.methods]}
    raise ValueError(f"unknown op {op!r}")


def main():
    with tempfile.TemporaryDirectory(prefix="proto_peer_") as out_dir:
        compile_protos(out_dir)
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                command = json.loads(line)
                reply = {"ok": True, **handle(command)}
            except Exception as error:  # report and keep serving the next command
                reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
